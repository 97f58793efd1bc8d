import { Database } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import type { LogHead } from './event';
import { readRawEvents } from './event-rows';
import { GENESIS_HASH, hashEvent } from './hash-chain';

const VERIFY_BATCH = 10_000;

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  /** The newest event checked; with ok, the head to record for later checks. */
  head: LogHead;
  /** The first place the log stops being what was written, when not ok. */
  problem?: { position: number; reason: string };
}

/**
 * Walks the hash chain from position 1 (DESIGN.md section 3.5). It trusts nothing in the database:
 * not the triggers, not the stored hashes. Checking against a head recorded earlier catches a chain
 * that was rewritten from the altered event onwards, or cut short.
 */
@Injectable()
export class LogVerifier {
  constructor(@Inject(Database) private readonly database: Database) {}

  async verify(options: { expectedHead?: LogHead } = {}): Promise<VerifyReport> {
    const streamVersions = new Map<string, number>();
    let previous: LogHead = { position: 0, hash: GENESIS_HASH, recordedAt: null };
    let checked = 0;
    const fail = (position: number, reason: string): VerifyReport => ({
      ok: false,
      eventsChecked: checked,
      head: previous,
      problem: { position, reason },
    });

    for (;;) {
      const batch = await readRawEvents(this.database, previous.position, VERIFY_BATCH);
      if (batch.length === 0) break;
      for (const event of batch) {
        const expected = previous.position + 1;
        if (event.position !== expected) {
          return fail(expected, `position ${expected} is missing (next stored is ${event.position})`);
        }
        if (event.prevHash !== previous.hash) {
          return fail(event.position, 'prev_hash does not link to the previous event');
        }
        if (hashEvent(previous.hash, event) !== event.hash) {
          return fail(event.position, 'hash does not match the stored event: the row was altered');
        }
        const version = (streamVersions.get(event.streamId) ?? 0) + 1;
        if (event.streamVersion !== version) {
          return fail(
            event.position,
            `stream ${event.streamId} jumps to version ${event.streamVersion}, not ${version}`,
          );
        }
        if (previous.recordedAt !== null && event.recordedAt < previous.recordedAt) {
          return fail(event.position, 'recorded_at goes backwards');
        }
        streamVersions.set(event.streamId, version);
        previous = { position: event.position, hash: event.hash, recordedAt: event.recordedAt };
        checked += 1;
      }
    }

    const expectedHead = options.expectedHead;
    if (expectedHead) {
      if (previous.position < expectedHead.position) {
        return fail(
          previous.position + 1,
          `the log ends at position ${previous.position}, before the recorded head at ${expectedHead.position}: events were removed`,
        );
      }
      const [row] = await this.database.query<{ hash: string }>(
        'SELECT hash FROM events WHERE position = $1',
        [expectedHead.position],
      );
      if (row?.hash !== expectedHead.hash) {
        return fail(
          expectedHead.position,
          `the event at the recorded head differs from the one recorded: the chain was rewritten up to here`,
        );
      }
    }
    return { ok: true, eventsChecked: checked, head: previous };
  }
}
