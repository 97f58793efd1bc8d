import type { Decider } from '@app/event-store';
import { IngestError } from '../ingest.error';
import type { FeedChanges, FeedEvent, FeedOrigin } from './feed-events';

/** What the decider needs to know of a feed. */
export interface FeedState {
  feedId: string;
  url: string;
  title: string | null;
  language: string | null;
  active: boolean;
  /** Registered but not polled until resumed. */
  paused: boolean;
}

export type FeedCommand =
  | {
      kind: 'register';
      feedId: string;
      url: string;
      title: string | null;
      language: string | null;
      origin: FeedOrigin;
      by: string;
    }
  | { kind: 'update'; feedId: string; changes: FeedChanges; by: string }
  | { kind: 'remove'; feedId: string; reason: string; by: string }
  | { kind: 'pause'; feedId: string; reason: string; by: string }
  | { kind: 'resume'; feedId: string; by: string };

/**
 * Pure: the events a command produces from the feed's current state, or an IngestError.
 * A removed feed may be registered again (same id, same stream): it becomes active once more.
 */
export function decide(command: FeedCommand, state: FeedState | undefined): FeedEvent[] {
  switch (command.kind) {
    case 'register': {
      if (state?.active) {
        throw new IngestError(
          'FEED_EXISTS',
          `The feed ${state.url} is registered already (id ${state.feedId})`,
          {
            feedId: state.feedId,
          },
        );
      }
      const { kind: _kind, ...data } = command;
      return [{ type: 'FeedRegistered', data }];
    }
    case 'update': {
      const current = activeOrFail(command.feedId, state);
      const changes: FeedChanges = {};
      if (command.changes.title !== undefined && command.changes.title !== current.title) {
        changes.title = command.changes.title;
      }
      if (command.changes.language !== undefined && command.changes.language !== current.language) {
        changes.language = command.changes.language;
      }
      if (Object.keys(changes).length === 0) throw new IngestError('NO_CHANGE', 'The update changes nothing');
      return [{ type: 'FeedUpdated', data: { feedId: command.feedId, changes, by: command.by } }];
    }
    case 'remove':
      activeOrFail(command.feedId, state);
      return [
        { type: 'FeedRemoved', data: { feedId: command.feedId, reason: command.reason, by: command.by } },
      ];
    case 'pause': {
      if (notRemovedOrFail(command.feedId, state).paused) {
        throw new IngestError('FEED_PAUSED', `The feed ${command.feedId} is paused already`, {
          feedId: command.feedId,
        });
      }
      return [
        { type: 'FeedPaused', data: { feedId: command.feedId, reason: command.reason, by: command.by } },
      ];
    }
    case 'resume': {
      if (!notRemovedOrFail(command.feedId, state).paused) {
        throw new IngestError('FEED_NOT_PAUSED', `The feed ${command.feedId} is not paused`, {
          feedId: command.feedId,
        });
      }
      return [{ type: 'FeedResumed', data: { feedId: command.feedId, by: command.by } }];
    }
  }
}

/** Pure: the state after one more event. */
export function evolve(state: FeedState | undefined, event: FeedEvent): FeedState | undefined {
  switch (event.type) {
    case 'FeedRegistered': {
      const { feedId, url, title, language } = event.data;
      return { feedId, url, title, language, active: true, paused: false };
    }
    case 'FeedUpdated':
      return state && { ...state, ...event.data.changes };
    case 'FeedRemoved':
      return state && { ...state, active: false, paused: false };
    case 'FeedPaused':
      return state && { ...state, paused: true };
    case 'FeedResumed':
      return state && { ...state, paused: false };
  }
}

function activeOrFail(feedId: string, state: FeedState | undefined): FeedState {
  if (!state) throw new IngestError('FEED_NOT_FOUND', `No feed ${feedId}`, { feedId });
  if (!state.active) {
    throw new IngestError('FEED_NOT_FOUND', `The feed ${feedId} (${state.url}) was removed`, { feedId });
  }
  return state;
}

/** Pausing or resuming a removed feed is a conflict with its state, not a missing feed. */
function notRemovedOrFail(feedId: string, state: FeedState | undefined): FeedState {
  if (!state) throw new IngestError('FEED_NOT_FOUND', `No feed ${feedId}`, { feedId });
  if (!state.active) {
    throw new IngestError('FEED_REMOVED', `The feed ${feedId} (${state.url}) was removed`, { feedId });
  }
  return state;
}

/** The feed stream's decider, as the command handler runs it. */
export const feedDecider: Decider<FeedCommand, FeedState | undefined, FeedEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
