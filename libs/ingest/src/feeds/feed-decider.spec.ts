import { given } from '@app/testing';

import { type FeedCommand, type FeedState, evolve, feedDecider } from './feed-decider';
import type { FeedEvent } from './feed-events';

const FEED_ID = '3f0c8a52-0d8e-5a57-9d7a-1f2e3d4c5b6a';
const URL_ = 'https://eurasianet.org/feed';

const register: FeedCommand = {
  kind: 'register',
  feedId: FEED_ID,
  url: URL_,
  title: 'Eurasianet',
  language: 'en',
  origin: 'api',
  by: 'key:admin1',
};
const registered: FeedEvent = {
  type: 'FeedRegistered',
  data: { feedId: FEED_ID, url: URL_, title: 'Eurasianet', language: 'en', origin: 'api', by: 'key:admin1' },
};
const removed: FeedEvent = {
  type: 'FeedRemoved',
  data: { feedId: FEED_ID, reason: 'no longer relevant', by: 'key:admin1' },
};
const error = (code: string) => expect.objectContaining({ code }) as Error;

describe('feed decisions', () => {
  it('registers a new feed', () => {
    expect(given(feedDecider).when(register)()).toEqual([registered]);
  });

  it('refuses to register an active feed twice', () => {
    expect(given(feedDecider, registered).when({ ...register, origin: 'cli', by: 'cli' })).toThrow(
      error('FEED_EXISTS'),
    );
  });

  it('registers a removed feed again, on the same stream', () => {
    const again = given(feedDecider, registered, removed).when({
      ...register,
      title: null,
      origin: 'cli',
      by: 'cli',
    })();
    expect(again).toEqual([
      {
        type: 'FeedRegistered',
        data: { feedId: FEED_ID, url: URL_, title: null, language: 'en', origin: 'cli', by: 'cli' },
      },
    ]);
  });

  it('records only what an update really changes', () => {
    const events = given(feedDecider, registered).when({
      kind: 'update',
      feedId: FEED_ID,
      changes: { title: 'Eurasianet', language: 'ru' },
      by: 'system:ingest',
    })();
    expect(events).toEqual([
      { type: 'FeedUpdated', data: { feedId: FEED_ID, changes: { language: 'ru' }, by: 'system:ingest' } },
    ]);
    expect(
      given(feedDecider, registered).when({
        kind: 'update',
        feedId: FEED_ID,
        changes: { title: 'Eurasianet' },
        by: 'x',
      }),
    ).toThrow(error('NO_CHANGE'));
  });

  it('removes an active feed with a reason; a removed or unknown feed cannot be removed or updated', () => {
    const remove: FeedCommand = {
      kind: 'remove',
      feedId: FEED_ID,
      reason: 'no longer relevant',
      by: 'key:admin1',
    };
    expect(given(feedDecider, registered).when(remove)()).toEqual([removed]);
    expect(given(feedDecider, registered, removed).when(remove)).toThrow(error('FEED_NOT_FOUND'));
    expect(given(feedDecider).when(remove)).toThrow(error('FEED_NOT_FOUND'));
    expect(
      given(feedDecider, registered, removed).when({
        kind: 'update',
        feedId: FEED_ID,
        changes: { title: 'x' },
        by: 'x',
      }),
    ).toThrow(error('FEED_NOT_FOUND'));
  });

  it('folds updates into the state', () => {
    const state = [
      registered,
      { type: 'FeedUpdated', data: { feedId: FEED_ID, changes: { title: 'Eurasianet (EN)' }, by: 'x' } },
    ].reduce<FeedState | undefined>((s, e) => evolve(s, e as FeedEvent), undefined);
    expect(state).toEqual({
      feedId: FEED_ID,
      url: URL_,
      title: 'Eurasianet (EN)',
      language: 'en',
      active: true,
      paused: false,
    });
  });

  describe('pause and resume', () => {
    const pause: FeedCommand = {
      kind: 'pause',
      feedId: FEED_ID,
      reason: 'off-topic lately',
      by: 'key:admin1',
    };
    const resume: FeedCommand = { kind: 'resume', feedId: FEED_ID, by: 'key:admin1' };
    const paused: FeedEvent = {
      type: 'FeedPaused',
      data: { feedId: FEED_ID, reason: 'off-topic lately', by: 'key:admin1' },
    };
    const resumed: FeedEvent = { type: 'FeedResumed', data: { feedId: FEED_ID, by: 'key:admin1' } };

    it('pauses an active feed with a reason, and resumes it', () => {
      expect(given(feedDecider, registered).when(pause)()).toEqual([paused]);
      expect(given(feedDecider, registered, paused).when(resume)()).toEqual([resumed]);
      expect(given(feedDecider, registered, paused, resumed).when(pause)()).toEqual([paused]);
    });

    it('refuses to pause a paused feed or resume one that is not paused', () => {
      expect(given(feedDecider, registered, paused).when(pause)).toThrow(error('FEED_PAUSED'));
      expect(given(feedDecider, registered).when(resume)).toThrow(error('FEED_NOT_PAUSED'));
      expect(given(feedDecider, registered, paused, resumed).when(resume)).toThrow(error('FEED_NOT_PAUSED'));
    });

    it('refuses both on a removed feed (a conflict), and on an unknown one (not found)', () => {
      expect(given(feedDecider, registered, removed).when(pause)).toThrow(error('FEED_REMOVED'));
      expect(given(feedDecider, registered, paused, removed).when(resume)).toThrow(error('FEED_REMOVED'));
      expect(given(feedDecider).when(pause)).toThrow(error('FEED_NOT_FOUND'));
    });

    it('a paused feed can be updated and removed; registered again, it is no longer paused', () => {
      expect(
        given(feedDecider, registered, paused).when({
          kind: 'update',
          feedId: FEED_ID,
          changes: { title: 'New' },
          by: 'x',
        })(),
      ).toHaveLength(1);
      expect(
        given(feedDecider, registered, paused).when({
          kind: 'remove',
          feedId: FEED_ID,
          reason: 'gone for good',
          by: 'x',
        })(),
      ).toHaveLength(1);
      const state = [registered, paused, removed, registered].reduce<FeedState | undefined>(
        (s, e) => evolve(s, e),
        undefined,
      );
      expect(state).toMatchObject({ active: true, paused: false });
    });
  });
});
