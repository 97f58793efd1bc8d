import { dirname, join, resolve } from 'node:path';

import type { AppConfig, DatabaseConfig } from './app-config';
import { ConfigError } from './config.error';
import type { z } from 'zod';

import { DURATION, environmentSchema } from './config.schema';

/**
 * Validates the environment once and returns the typed configuration.
 * Throws ConfigError naming every bad variable; never returns a half-valid config.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(environmentSchema.shape).flatMap((key) =>
      env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]],
    ),
  );
  const parsed = environmentSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const got = known[name] === undefined ? '' : ` (got ${JSON.stringify(known[name])})`;
        return `${name}: ${issue.message}${got}`;
      }),
    );
  }
  const e = parsed.data;
  refuseUnsafeProduction(e);
  const database = databaseConfig(e.DATABASE_URL, e.SQLITE_SYNCHRONOUS, toMs(e.SQLITE_BUSY_TIMEOUT));
  return {
    env: e.NODE_ENV,
    database,
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    http: {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      publicBaseUrlSet: e.PUBLIC_BASE_URL !== undefined,
      trustProxy: trustProxy(e.TRUST_PROXY),
    },
    smtp: e.SMTP_URL ? { url: e.SMTP_URL } : undefined,
    mailOutbox: resolve(
      e.MAIL_OUTBOX ??
        (database.kind === 'sqlite' ? join(dirname(database.path), 'outbox') : './data/outbox'),
    ),
    // Private addresses are reachable by default only outside production (local feeds and receivers).
    network: { allowPrivate: e.ALLOW_PRIVATE_NETWORK ?? e.NODE_ENV !== 'production' },
    access: { publicRead: e.PUBLIC_READ },
    ingest: {
      feedsFile: e.FEEDS_FILE === 'none' ? undefined : (e.FEEDS_FILE ?? 'builtin'),
      pollIntervalMs: toMs(e.FEED_POLL_INTERVAL),
      timeoutMs: toMs(e.FEED_TIMEOUT),
      maxBytes: e.FEED_MAX_BYTES,
      maxRedirects: e.FEED_MAX_REDIRECTS,
      hostDelayMs: toMs(e.FEED_HOST_DELAY),
      relevanceThreshold: e.RELEVANCE_THRESHOLD,
      relevanceBorderlineMargin: e.RELEVANCE_BORDERLINE_MARGIN,
      relevanceModelFile: e.RELEVANCE_MODEL_FILE,
    },
    alerts: {
      retryScheduleMs: e.ALERT_RETRY_SCHEDULE.split(',').map((part) => toMs(part.trim())),
      webhookTimeoutMs: toMs(e.WEBHOOK_TIMEOUT),
      sweepIntervalMs: toMs(e.ALERT_SWEEP_INTERVAL),
      digestHourUtc: e.DIGEST_HOUR_UTC,
      smtpFrom: e.SMTP_FROM,
    },
    review: { undoWindowMs: toMs(e.UNDO_WINDOW), fourEyes: e.REVIEW_FOUR_EYES },
    feedSilence: { failingMs: toMs(e.FEED_SILENCE_FAILING), quietDays: e.FEED_SILENCE_DAYS },
    session: { ttlMs: toMs(e.SESSION_TTL) },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
  };
}

/**
 * Production refuses to start, with one line per reason, on settings that are fine on a laptop
 * but unsafe on a server, unless ALLOW_UNSAFE_PRODUCTION says the operator means it.
 */
function refuseUnsafeProduction(e: z.output<typeof environmentSchema>): void {
  if (e.NODE_ENV !== 'production' || e.ALLOW_UNSAFE_PRODUCTION) return;
  const problems: string[] = [];
  if (e.ALLOW_PRIVATE_NETWORK === true) {
    problems.push(
      'ALLOW_PRIVATE_NETWORK: on in production lets feeds and webhooks reach private addresses ' +
        '(set ALLOW_UNSAFE_PRODUCTION=true if that is meant)',
    );
  }
  if (!e.PUBLIC_BASE_URL?.startsWith('https://')) {
    problems.push(
      `PUBLIC_BASE_URL: must be an https URL in production, so sign-in cookies never travel in the clear ` +
        `(got ${JSON.stringify(e.PUBLIC_BASE_URL ?? 'unset')}; set ALLOW_UNSAFE_PRODUCTION=true if that is meant)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** `2` → 2 hops; anything else (`loopback`, address lists) goes to Express as it is. */
function trustProxy(value: string | undefined): false | number | string {
  if (value === undefined || value === 'false' || value === '0') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function databaseConfig(url: string, synchronous: 'FULL' | 'NORMAL', busyTimeoutMs: number): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    return { kind: 'sqlite', path: resolve(url.slice('sqlite:'.length)), synchronous, busyTimeoutMs };
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new ConfigError([
      `DATABASE_URL: schema must be a lower-case SQL identifier (got ${JSON.stringify(schema)})`,
    ]);
  }
  parsed.searchParams.delete('schema');
  return { kind: 'postgres', url: parsed.toString(), schema };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `10s` → 10000; a bare number is milliseconds. The schema has checked the form already. */
export function toMs(duration: string): number {
  const [, amount = '0', unit = 'ms'] = DURATION.exec(duration.trim()) ?? [];
  return Math.round(Number(amount) * UNIT_MS[unit]!);
}
