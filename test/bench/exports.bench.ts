import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { loadConfig } from '@app/config';
import { CoreModule } from '@app/runtime';
import { streamExport, TimelineModule, TimelineQueries } from '@app/timeline';
import { NestFactory } from '@nestjs/core';

import { fillTimeline } from '../support/timeline-filler';
import { openBench, removeBench, round } from './bench-context';

const ALL_IN_ONE = join(__dirname, '..', '..', 'apps', 'all-in-one', 'src', 'main.js');
const FORMATS = ['ics', 'csv', 'atom', 'json', 'timelinejs'] as const;

/**
 * Issue 15's figures for exports: how long each synchronous slice of a streamed export holds the
 * event loop (per format, in this process), and /health's latency on the all-in-one process while
 * `concurrent` exports of `entries` entries (ICS, the costliest format) run against it.
 */
export async function benchExports(options: { entries: number; concurrent: number }) {
  const ctx = await openBench('exports', { synchronous: 'NORMAL', features: [TimelineModule] });
  await ctx.app.close();
  const config = loadConfig(ctx.env);
  const filling = performance.now();
  await fillTimeline(config, options.entries);
  const fillMs = performance.now() - filling;

  // Slices, in process: how long the event loop is held while each format streams.
  const slices: Record<string, Record<string, number>> = {};
  {
    const app = await NestFactory.createApplicationContext(
      CoreModule.forRoot(config, { migrate: false, redis: false }, [TimelineModule]),
      { logger: ['error'] },
    );
    const queries = app.get(TimelineQueries);
    for (const format of FORMATS) {
      // The loop's delay, sampled every millisecond: its maximum is the longest time anything
      // (a slice, a page read) held the loop while this export ran.
      const delay = monitorEventLoopDelay({ resolution: 1 });
      let chunks = 0;
      const started = performance.now();
      delay.enable();
      const source = await queries.exportSource({});
      for await (const _chunk of streamExport(format, source, {
        baseUrl: 'http://localhost:3000',
        generatedAt: new Date(),
      }))
        chunks++;
      delay.disable();
      slices[format] = {
        chunks,
        loopDelayP50Ms: round(delay.percentile(50) / 1e6),
        loopDelayP99Ms: round(delay.percentile(99) / 1e6),
        loopDelayMaxMs: round(delay.max / 1e6),
        totalMs: Math.round(performance.now() - started),
      };
    }
    await app.close();
  }

  // /health on the all-in-one process while the exports run.
  const port = await freePort();
  const prefix = `bench-exports-${randomBytes(4).toString('hex')}`;
  const child = spawn(process.execPath, [ALL_IN_ONE], {
    env: {
      PATH: process.env.PATH ?? '',
      ...ctx.env,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      LOG_LEVEL: 'log',
      NODE_ENV: 'development',
      FEEDS_FILE: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await ready(child, /listening on/);
    const base = `http://127.0.0.1:${port}`;
    const health: number[] = [];
    let running = true;
    const sampler = (async () => {
      while (running) {
        const started = performance.now();
        await (await fetch(`${base}/health`)).arrayBuffer();
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const sizes = await Promise.all(
      Array.from(
        { length: options.concurrent },
        async () => (await (await fetch(`${base}/api/timeline/export?format=ics`)).arrayBuffer()).byteLength,
      ),
    );
    const exportsMs = performance.now() - started;
    running = false;
    await sampler;
    const sorted = health.sort((a, b) => a - b);
    removeBench(ctx);
    return {
      entries: options.entries,
      fillMs: Math.round(fillMs),
      sliceHoldsEventLoop: slices,
      healthDuringExports: {
        concurrentIcsExports: options.concurrent,
        exportBytes: sizes[0],
        exportsMs: Math.round(exportsMs),
        samples: sorted.length,
        p50Ms: round(percentile(sorted, 0.5)),
        p99Ms: round(percentile(sorted, 0.99)),
        maxMs: round(sorted.at(-1) ?? 0),
        aimP99Ms: 200,
      },
    };
  } finally {
    child.kill('SIGTERM');
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ready(child: ReturnType<typeof spawn>, pattern: RegExp): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Not ready in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Exited with ${code}:\n${output}`));
    });
  });
}
