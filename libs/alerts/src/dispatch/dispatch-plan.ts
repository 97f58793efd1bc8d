import type { StoredEvent } from '@app/event-store';

import type { DeliveryKind } from '../delivery/delivery-rows';
import type { SubscriptionChannel, SubscriptionFilters, SubscriptionMode } from '../subscription-events';
import { matchesFilters } from '../subscription-filters';

/** The entry events subscribers are told about, and what each is called in a delivery. */
export const DISPATCHED_EVENTS: Readonly<Record<string, DeliveryKind>> = {
  EntryAdded: 'added',
  EntryAmended: 'amended',
  EntryRetracted: 'retracted',
};

/** An active subscription, as the dispatcher needs it. */
export interface DispatchTarget {
  id: string;
  channel: SubscriptionChannel;
  mode: SubscriptionMode;
  filters: SubscriptionFilters;
  /** The log position of its SubscriptionCreated: it is owed only what came after. */
  createdPosition: number;
}

/** A subscription that was sent (or held for) an entry's EntryAdded. */
export interface PriorRecipient {
  entryId: string;
  subscriptionId: string;
}

export interface PlannedDelivery {
  eventId: string;
  position: number;
  entryId: string;
  kind: DeliveryKind;
  subscriptionId: string;
  channel: SubscriptionChannel;
  /** Daily-digest subscriptions: the row waits for the digest instead of being sent. */
  held: boolean;
}

/**
 * Pure: the deliveries a run of log events owes the active subscriptions. An addition goes to every
 * subscription created before it whose filters match; a correction or a retraction goes to exactly
 * the subscriptions that got the addition (earlier, or earlier in this same run), whatever their
 * filters say now, so nobody is left believing an entry that was corrected or withdrawn.
 */
export function planDeliveries(
  events: readonly StoredEvent[],
  targets: readonly DispatchTarget[],
  priorRecipients: readonly PriorRecipient[],
): PlannedDelivery[] {
  const byId = new Map(targets.map((target) => [target.id, target]));
  const recipients = new Map<string, Set<string>>();
  const received = (entryId: string): Set<string> => {
    let set = recipients.get(entryId);
    if (!set) recipients.set(entryId, (set = new Set()));
    return set;
  };
  for (const prior of priorRecipients) received(prior.entryId).add(prior.subscriptionId);

  const planned: PlannedDelivery[] = [];
  for (const event of events) {
    const kind = DISPATCHED_EVENTS[event.type];
    if (!kind) continue;
    const entryId = String(event.data.entryId);
    const owed =
      kind === 'added'
        ? targets.filter(
            (target) =>
              target.createdPosition < event.position && matchesFilters(target.filters, entryOf(event)),
          )
        : [...received(entryId)].flatMap((id) => byId.get(id) ?? []);
    for (const target of owed) {
      if (kind === 'added') received(entryId).add(target.id);
      planned.push({
        eventId: event.eventId,
        position: event.position,
        entryId,
        kind,
        subscriptionId: target.id,
        channel: target.channel,
        held: target.mode === 'daily',
      });
    }
  }
  return planned;
}

function entryOf(event: StoredEvent) {
  const data = event.data as Partial<
    Record<'title' | 'summary', string> & Record<'countries' | 'categories' | 'actors', string[]>
  >;
  return {
    title: data.title ?? '',
    summary: data.summary ?? '',
    countries: data.countries ?? [],
    categories: data.categories ?? [],
    actors: data.actors ?? [],
  };
}

/**
 * Pure: the events a dispatch may take now, in log order: every one up to the first entry event
 * whose undo window (recorded at + `undoWindowMs`) has not passed yet, and when that one may go.
 */
export function heldBack(
  events: readonly StoredEvent[],
  undoWindowMs: number,
  now: Date,
): { batch: StoredEvent[]; heldUntil?: Date } {
  for (const [i, event] of events.entries()) {
    if (DISPATCHED_EVENTS[event.type] === undefined) continue;
    const due = new Date(new Date(event.recordedAt).getTime() + undoWindowMs);
    if (due > now) return { batch: events.slice(0, i), heldUntil: due };
  }
  return { batch: [...events] };
}

/** Pure: the entries whose addition was undone (an EntryRetracted with `undo: true`). */
export function undoneAdditions(retractions: readonly Pick<StoredEvent, 'type' | 'data'>[]): Set<string> {
  return new Set(
    retractions
      .filter((e) => e.type === 'EntryRetracted' && e.data.undo === true)
      .map((e) => String(e.data.entryId)),
  );
}
