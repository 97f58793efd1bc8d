import { openBench, round, timed } from './bench-context';
import { RawSqliteLog } from './raw-sqlite';

/** Issue 2's figures: append throughput, verify and rebuild per 100k events (the CLI's: cli.bench). */
export async function benchEventLog(options: { events: number; synchronous: 'FULL' | 'NORMAL' }) {
  const single = 2_000;
  const batches = 200;
  const sync = options.synchronous;

  // Single-event appends, product vs raw, each on a fresh database.
  const product = await openBench('single', { synchronous: sync });
  const productSingle = await timed(async () => {
    for (let i = 0; i < single; i += 1) {
      await product.events.append(`bench-${i % 100}`, 'any', [
        { type: 'Benched', data: { i, text: 'single' } },
      ]);
    }
  });
  const productBatch = await timed(async () => {
    for (let b = 0; b < batches; b += 1) {
      await product.events.append(
        `batch-${b}`,
        0,
        Array.from({ length: 100 }, (_, i) => ({ type: 'Benched', data: { b, i, text: 'batched' } })),
      );
    }
  });
  const sqlite = product.kind === 'sqlite';
  await product.app.close();

  // The raw twins are written against better-sqlite3: on PostgreSQL only the product's figures
  // are printed (the cli section walks the chain raw on either database).
  const rawTarget = sqlite ? await openBench('raw', { synchronous: sync }) : undefined;
  await rawTarget?.app.close();
  const raw = rawTarget ? new RawSqliteLog(rawTarget.path, sync) : undefined;
  const rawSingle = await timed(() => {
    if (!raw) return;
    for (let i = 0; i < single; i += 1) {
      raw.append(`bench-${i % 100}`, [
        { eventId: `raw-s-${i}`, type: 'Benched', data: { i, text: 'single' } },
      ]);
    }
  });
  const rawBatch = await timed(() => {
    if (!raw) return;
    for (let b = 0; b < batches; b += 1) {
      raw.append(
        `batch-${b}`,
        Array.from({ length: 100 }, (_, i) => ({
          eventId: `raw-b-${b}-${i}`,
          type: 'Benched',
          data: { b, i, text: 'batched' },
        })),
      );
    }
  });
  raw?.close();

  // A log of `events` events for verify and rebuild, filled in batches of 1000.
  const big = await openBench('big', { synchronous: 'NORMAL' });
  const fill = await timed(async () => {
    for (let b = 0; b < options.events / 1_000; b += 1) {
      await big.events.append(
        `entry-${b}`,
        0,
        Array.from({ length: 1_000 }, (_, i) => ({
          type: 'Benched',
          data: { b, i, title: `Entry ${b}-${i}`, countries: ['CN', 'KZ'], summary: 'x'.repeat(200) },
          metadata: { actor: 'bench' },
        })),
      );
    }
  });
  const verify = await timed(() => big.verifier.verify());
  if (!verify.result.ok) throw new Error(`verify failed: ${JSON.stringify(verify.result.problem)}`);
  const rebuild = await timed(() => big.projector.rebuild(['stream-catalogue']));
  await big.app.close();
  const rawBig = sqlite ? new RawSqliteLog(big.path, 'NORMAL') : undefined;
  const rawVerify = await timed(() => rawBig?.verify());
  const rawRebuild = await timed(() => rawBig?.rebuildCatalogue());
  rawBig?.close();
  const ifRaw = (value: number) => (sqlite ? value : null);

  const per100k = (ms: number) => round((ms * 100_000) / options.events);

  return {
    sqliteSynchronous: sync,
    appendSingle: {
      events: single,
      perSecond: round(single / (productSingle.ms / 1000), 0),
      rawPerSecond: ifRaw(round(single / (rawSingle.ms / 1000), 0)),
      overhead: ifRaw(round(productSingle.ms / rawSingle.ms, 2)),
    },
    appendBatch100: {
      events: batches * 100,
      perSecond: round((batches * 100) / (productBatch.ms / 1000), 0),
      rawPerSecond: ifRaw(round((batches * 100) / (rawBatch.ms / 1000), 0)),
      overhead: ifRaw(round(productBatch.ms / rawBatch.ms, 2)),
    },
    log: { events: options.events, fillSeconds: round(fill.ms / 1000, 1) },
    verifyMsPer100k: {
      product: per100k(verify.ms),
      raw: ifRaw(per100k(rawVerify.ms)),
      overhead: ifRaw(round(verify.ms / rawVerify.ms, 2)),
    },
    rebuildMsPer100k: {
      product: per100k(rebuild.ms),
      raw: ifRaw(per100k(rawRebuild.ms)),
      overhead: ifRaw(round(rebuild.ms / rawRebuild.ms, 2)),
    },
    projectedSecondsFor1M: {
      verify: round((verify.ms * 1_000_000) / options.events / 1000),
      rebuild: round((rebuild.ms * 1_000_000) / options.events / 1000),
    },
  };
}
