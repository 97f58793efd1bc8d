import type { SubscriptionChannel } from '../subscription-events';
import type { SubscriptionView } from '../subscription-view';

/**
 * How much longer than the webhook timeout a claim holds: past it, a row still `sending` belongs
 * to a worker that died mid-send, and the sweeper hands it to another.
 */
export const LEASE_MARGIN_MS = 2_000;

/** When a claim taken at `now` lapses. */
export function leaseEnd(now: Date, webhookTimeoutMs: number): Date {
  return new Date(now.getTime() + webhookTimeoutMs + LEASE_MARGIN_MS);
}

export type DeliveryStatus =
  'pending' | 'sending' | 'delivered' | 'failed' | 'held' | 'digested' | 'cancelled';
/** What a delivery tells: a change of the timeline, or an operational notice (its `eventId` is the notice's id). */
export type DeliveryKind = 'added' | 'amended' | 'retracted' | 'notice';

export const DELIVERY_COLUMNS =
  'id, event_id, position, entry_id, kind, subscription_id, channel, status, attempts, failures, first_failed_at, next_attempt_at, lease_until, last_error, delivered_at, created_at, updated_at, digest_id';

export interface DeliveryRow {
  [column: string]: unknown;
  id: string;
  event_id: string;
  position: number | string;
  entry_id: string;
  kind: DeliveryKind;
  subscription_id: string;
  channel: SubscriptionChannel;
  status: DeliveryStatus;
  attempts: number | string;
  failures: number | string;
  first_failed_at: string | null;
  next_attempt_at: string | null;
  lease_until: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
  digest_id: string | null;
}

/** One delivery: an event owed to one subscription on its channel. `id` is the `webhook-id`. */
export interface Delivery {
  id: string;
  eventId: string;
  position: number;
  entryId: string;
  kind: DeliveryKind;
  subscriptionId: string;
  channel: SubscriptionChannel;
  status: DeliveryStatus;
  attempts: number;
  failures: number;
  firstFailedAt: string | null;
  nextAttemptAt: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  digestId: string | null;
}

export function fromDeliveryRow(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    position: Number(row.position),
    entryId: row.entry_id,
    kind: row.kind,
    subscriptionId: row.subscription_id,
    channel: row.channel,
    status: row.status,
    attempts: Number(row.attempts),
    failures: Number(row.failures),
    firstFailedAt: row.first_failed_at,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    digestId: row.digest_id,
  };
}

const DELIVERY_COLUMN_NAMES = DELIVERY_COLUMNS.split(', ');

/** A row's values in the order of DELIVERY_COLUMNS, for an INSERT of that column list. */
export function deliveryValues(row: DeliveryRow): unknown[] {
  return DELIVERY_COLUMN_NAMES.map((column) => row[column]);
}

/** A delivery claimed (`sending` under a lease) with the subscription it goes to: ready to send. */
export interface ClaimedDelivery {
  delivery: Delivery;
  subscription: SubscriptionView;
}

/** One try at sending a delivery, as `delivery_attempts` records it. */
export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: 'delivered' | 'retry' | 'failed' | 'gone';
  statusCode: number | null;
  detail: string | null;
}

export interface AttemptRow {
  [column: string]: unknown;
  delivery_id: string;
  attempt: number | string;
  started_at: string;
  duration_ms: number | string;
  outcome: DeliveryAttempt['outcome'];
  status_code: number | string | null;
  detail: string | null;
}

export function fromAttemptRow(row: AttemptRow): DeliveryAttempt {
  return {
    attempt: Number(row.attempt),
    startedAt: row.started_at,
    durationMs: Number(row.duration_ms),
    outcome: row.outcome,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    detail: row.detail,
  };
}
