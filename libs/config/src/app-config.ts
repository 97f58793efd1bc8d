export type DatabaseConfig =
  | { kind: 'sqlite'; path: string; synchronous: 'FULL' | 'NORMAL'; busyTimeoutMs: number }
  | { kind: 'postgres'; url: string; schema: string };

/** The validated configuration, as one typed tree. Built once at boot by `loadConfig`. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  database: DatabaseConfig;
  redis: { url: string; prefix: string };
  http: {
    host: string;
    port: number;
    publicBaseUrl: string;
    /** False when PUBLIC_BASE_URL was not set and the default `http://localhost:<PORT>` stands in. */
    publicBaseUrlSet: boolean;
    /** Express's `trust proxy` setting: which hops' X-Forwarded-For to believe (false: none). */
    trustProxy: false | number | string;
  };
  smtp: { url: string } | undefined;
  /** The directory of the embedded mail outbox, used when `smtp` is undefined. */
  mailOutbox: string;
  network: { allowPrivate: boolean };
  /** Whether routes marked @PublicRead() answer without an API key. */
  access: { publicRead: boolean };
  ingest: {
    /** A JSON file of default feeds: a path, 'builtin' for the shipped list, undefined for none. */
    feedsFile: string | undefined;
    pollIntervalMs: number;
    timeoutMs: number;
    maxBytes: number;
    maxRedirects: number;
    hostDelayMs: number;
    relevanceThreshold: number | undefined;
    relevanceBorderlineMargin: number | undefined;
    /** A path, or 'builtin' for the shipped starting point. */
    relevanceModelFile: string;
  };
  alerts: {
    /** Delay before each attempt after the first failure (ms); the last one ends the retry window. */
    retryScheduleMs: number[];
    webhookTimeoutMs: number;
    sweepIntervalMs: number;
    digestHourUtc: number;
    smtpFrom: string;
  };
  review: {
    /** How long after a decision it can be undone; alerts hold entry events at least this long. */
    undoWindowMs: number;
    /** Whether a reviewer is refused approving their own hand proposal. */
    fourEyes: boolean;
  };
  /** When the admin page flags a feed as silent: failing this long, or no new item for this many days. */
  feedSilence: { failingMs: number; quietDays: number };
  session: { ttlMs: number };
  log: { level: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose'; format: 'text' | 'json' };
}
