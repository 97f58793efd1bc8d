import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));

const databaseUrl = z.string().refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
  message: 'must be sqlite:<path> or postgres://user@host:port/database[?schema=name]',
});

/** A duration such as `500ms`, `10s`, `5m`, `2h` or a bare number of milliseconds. */
export const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const duration = z.string().trim().regex(DURATION, 'must be a duration like 500ms, 10s, 5m or 2h');

const urlString = z.string().refine((value) => URL.canParse(value), { message: 'must be an absolute URL' });

/** Every environment variable the product reads, with its default. The only description of them. */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/timeline.sqlite'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** How long a write waits for another program's lock on the SQLite file before it is refused. */
  SQLITE_BUSY_TIMEOUT: duration.default('30s'),
  REDIS_URL: z
    .string()
    .refine((url) => /^rediss?:\/\/.+/.test(url), { message: 'must be redis://host:port[/db]' })
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only')
    .default('timeline'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: urlString.optional(),
  SMTP_URL: urlString.optional(),
  /**
   * Where mail goes, one .eml file per message, when SMTP_URL is not set (the embedded outbox).
   * Default: `outbox` beside the SQLite file (`./data/outbox`), or `./data/outbox` on PostgreSQL.
   */
  MAIL_OUTBOX: z.string().min(1).optional(),
  ALLOW_PRIVATE_NETWORK: booleanFlag.optional(),
  /**
   * Which proxy hops' X-Forwarded-For to believe for the client address (rate limits): `false`
   * (none, the default), a number of hops, or Express's names and address lists (`loopback`,
   * `10.0.0.0/8, 192.168.1.1`). Never `true`: that would believe any client's own header.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => v !== 'true', {
      message: 'must name the hops to trust (a number, loopback, addresses), not true',
    })
    .optional(),
  /** Lets production start with settings that are unsafe there (private network open, plain http). */
  ALLOW_UNSAFE_PRODUCTION: booleanFlag.default(false),
  /** Whether public reads (routes marked @PublicRead) are open; `false` makes them need any API key. */
  PUBLIC_READ: booleanFlag.default(true),
  /** A JSON file of feeds registered at start (`[{ "url", "title"?, "language"? }]`); `none` for none. */
  FEEDS_FILE: z.string().min(1).optional(),
  FEED_POLL_INTERVAL: duration.default('15m'),
  FEED_TIMEOUT: duration.default('20s'),
  FEED_MAX_BYTES: z.coerce.number().int().min(1024).default(5_000_000),
  FEED_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  /** The least time between two requests to one host (politeness). */
  FEED_HOST_DELAY: duration.default('2s'),
  /** The relevance score an item needs to become a candidate; the ingest library has the default. */
  RELEVANCE_THRESHOLD: z.coerce.number().min(0).optional(),
  /** Items scoring within this much below the threshold go to the borderline tray; the ingest library has the default. */
  RELEVANCE_BORDERLINE_MARGIN: z.coerce.number().min(0).optional(),
  /** The relevance model's starting point (a JSON file); `builtin` for the one shipped. */
  RELEVANCE_MODEL_FILE: z.string().min(1).default('builtin'),
  /** When failed alert deliveries are tried again, counted from the first attempt's failure. */
  ALERT_RETRY_SCHEDULE: z
    .string()
    .refine((v) => v.split(',').every((part) => DURATION.test(part.trim())), {
      message: 'must be a comma-separated list of durations like 0,10s,1m,10m,1h',
    })
    .default('0,10s,1m,10m,1h,6h,24h'),
  WEBHOOK_TIMEOUT: duration.default('10s'),
  /** How long a delivery may stay pending before the sweeper queues it again. */
  ALERT_SWEEP_INTERVAL: duration.default('30s'),
  /** The hour (UTC) daily digests go out. */
  DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
  SMTP_FROM: z.string().min(3).default('China–Central Asia timeline <alerts@localhost>'),
  /** How long a review decision can be undone; nothing is sent to subscribers before it has passed. */
  UNDO_WINDOW: duration.default('30s'),
  /** Four eyes: a reviewer cannot approve a candidate they proposed by hand. */
  REVIEW_FOUR_EYES: booleanFlag.default(false),
  /** A feed failing for this long is flagged as silent on the admin page. */
  FEED_SILENCE_FAILING: duration.default('24h'),
  /** A feed that yielded no new item for this many days is flagged as silent. */
  FEED_SILENCE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** How long a browser sign-in lasts. */
  SESSION_TTL: duration.default('12h'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
});

export type Environment = z.input<typeof environmentSchema>;
