import canonicalize from 'canonicalize';

import { ERASED } from './personal/personal-cipher';
import type { SubscriptionState } from './subscription-decider';
import type { SubscriptionChannel, SubscriptionFilters, SubscriptionMode } from './subscription-events';
import type { SubscriptionStatus, SubscriptionView } from './subscription-view';

export const SUBSCRIPTION_COLUMNS =
  'id, channel, target, filters, mode, status, disabled_reason, owner_key_id, contact, created_at, updated_at, created_position, version, notices';

export interface SubscriptionRow {
  [column: string]: unknown;
  id: string;
  channel: SubscriptionChannel;
  target: string;
  filters: string;
  mode: SubscriptionMode;
  status: SubscriptionStatus;
  disabled_reason: string | null;
  owner_key_id: string | null;
  contact: string | null;
  created_at: string;
  updated_at: string;
  created_position: number | string;
  version: number | string;
  notices: string;
}

export function fromSubscriptionRow(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    channel: row.channel,
    target: row.target,
    filters: JSON.parse(row.filters) as SubscriptionFilters,
    mode: row.mode,
    status: row.status,
    disabledReason: row.disabled_reason,
    ownerKeyId: row.owner_key_id,
    notices: JSON.parse(row.notices) as SubscriptionView['notices'],
    contact: row.contact,
    createdAt: row.created_at,
  };
}

export function stateOf(view: SubscriptionView): SubscriptionState {
  const { createdAt: _createdAt, target, contact: _contact, ...state } = view;
  return { ...state, erased: target === ERASED };
}

/** Canonical JSON, so a rebuilt row is byte-identical to the incrementally written one. */
export function filtersJson(filters: SubscriptionFilters): string {
  return canonicalize(filters) ?? '{}';
}
