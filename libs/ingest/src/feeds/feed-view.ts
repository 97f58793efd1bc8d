import type { FeedHealthStatus } from '../polling/poll-state';
import type { FeedOrigin } from './feed-events';

/** A feed's health, as the API and `feeds list` show it. */
export interface FeedHealth {
  status: FeedHealthStatus;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  /** When the next poll may happen; null while it is due at the next opportunity or polling stopped. */
  nextPollAt: string | null;
  itemsSeen: number;
  itemsProposed: number;
  itemsCorroborated: number;
  /** What the last poll that found something wrong although it succeeded said (a flood, items not stored). */
  lastWarning: string | null;
  lastWarningAt: string | null;
  /** When a poll last brought a new candidate (proposed or borderline); null when none yet. */
  lastNewItemAt: string | null;
}

export type FeedStatus = 'active' | 'paused' | 'removed';
export const FEED_STATUSES: readonly FeedStatus[] = ['active', 'paused', 'removed'];

/** A registered feed with its health. */
export interface FeedView {
  id: string;
  url: string;
  title: string | null;
  language: string | null;
  origin: FeedOrigin;
  /** Active feeds are polled; paused ones are registered but not polled until resumed. */
  status: FeedStatus;
  registeredAt: string;
  registeredBy: string;
  updatedAt: string;
  removedAt: string | null;
  removedBy: string | null;
  removedReason: string | null;
  pausedAt: string | null;
  pausedBy: string | null;
  pausedReason: string | null;
  health: FeedHealth;
}
