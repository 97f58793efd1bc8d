import type { SendOutcome } from '../delivery/channel-sender';

/** What nodemailer attaches to the errors it hands back (its NodemailerError, loosely typed). */
interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Codes nodemailer gives failures of the connection itself, before or between SMTP replies. */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // Our own deadline (the send's AbortSignal) cut it short: a timeout like any other.
  'EABORT',
]);

/**
 * How an SMTP failure ends a delivery (RFC 5321 reply classes): a 4xx reply is transient, so
 * `retry`; a 5xx reply is a permanent refusal, so `failed` for good; a connection that was refused,
 * reset or timed out never got an answer, so `retry`. 503 is "bad sequence of commands", a state of
 * that session rather than a verdict on the message, so it is retried too. Anything else (our own
 * configuration, a message nodemailer could not build) is `failed`: sending it again would not help.
 */
export function smtpOutcome(error: unknown): SendOutcome {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const statusCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const detail = describe(failure, error);
  if (statusCode !== undefined) {
    if (statusCode >= 400 && statusCode < 500) return { kind: 'retry', detail, statusCode };
    if (statusCode === 503) return { kind: 'retry', detail, statusCode };
    if (statusCode >= 500 && statusCode < 600) return { kind: 'failed', detail, statusCode };
  }
  if (failure.code !== undefined && CONNECTION_CODES.has(failure.code)) return { kind: 'retry', detail };
  return { kind: 'failed', detail, ...(statusCode !== undefined ? { statusCode } : {}) };
}

function describe(failure: SmtpFailure, error: unknown): string {
  // The server's own reply says most ("550 5.1.1 No such user"); never the credentials of SMTP_URL,
  // which nodemailer does not put in its messages.
  const text = failure.response ?? failure.message ?? String(error);
  const code = failure.code && !text.includes(failure.code) ? ` (${failure.code})` : '';
  return `SMTP: ${text.replace(/\s+/g, ' ').trim().slice(0, 500)}${code}`;
}
