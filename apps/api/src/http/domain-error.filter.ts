import { AlertsError, type AlertsErrorCode } from '@app/alerts';
import { AuthError, type AuthErrorCode } from '@app/auth';
import { DatabaseError } from '@app/database';
import { type DomainError, EventStoreError, type EventStoreErrorCode } from '@app/event-store';
import { IngestError, type IngestErrorCode } from '@app/ingest';
import { ReviewError, type ReviewErrorCode } from '@app/review';
import { TimelineError, type TimelineErrorCode } from '@app/timeline';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { NOT_FOUND_PAGE, wantsNotFoundPage } from '../web/not-found-page';

const EVENT_STORE_STATUS: Record<EventStoreErrorCode, number> = {
  STREAM_VERSION_CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 409,
  INVALID_APPEND: 400,
  UPCAST_FAILED: 500,
};

const TIMELINE_STATUS: Record<TimelineErrorCode, number> = {
  ENTRY_NOT_FOUND: 404,
  ENTRY_EXISTS: 409,
  ENTRY_RETRACTED: 409,
  NO_CHANGE: 409,
  INVALID_ENTRY: 400,
  INVALID_QUERY: 400,
  ENTRY_MOVED_ON: 409,
};

const AUTH_STATUS: Record<AuthErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CSRF_FAILED: 403,
};

const REVIEW_STATUS: Record<ReviewErrorCode, number> = {
  CANDIDATE_NOT_FOUND: 404,
  CANDIDATE_EXISTS: 409,
  CANDIDATE_DECIDED: 409,
  INVALID_DECISION: 400,
  INVALID_PROPOSAL: 400,
  NOT_BORDERLINE: 409,
  NOTHING_TO_UNDO: 409,
  UNDO_WINDOW_PASSED: 409,
  NOT_REOPENABLE: 409,
  OWN_PROPOSAL: 403,
};

const ALERTS_STATUS: Record<AlertsErrorCode, number> = {
  SUBSCRIPTION_NOT_FOUND: 404,
  SUBSCRIPTION_EXISTS: 409,
  SUBSCRIPTION_STATE: 409,
  DELIVERY_NOT_FOUND: 404,
  DELIVERY_STATE: 409,
  INVALID_SUBSCRIPTION: 400,
  FORBIDDEN: 403,
};

const INGEST_STATUS: Record<IngestErrorCode, number> = {
  INVALID_FEED: 400,
  FEED_EXISTS: 409,
  FEED_NOT_FOUND: 404,
  FEED_PAUSED: 409,
  FEED_NOT_PAUSED: 409,
  FEED_REMOVED: 409,
  NO_CHANGE: 409,
  FEEDS_FILE_INVALID: 500,
  FETCH_FAILED: 502,
  FEED_UNREADABLE: 422,
};

/** How long a client is asked to wait when the database refused a write for a passing reason. */
const TRANSIENT_RETRY_AFTER_SECONDS = 5;

/**
 * The one place where errors become HTTP answers: `{ error: { code, message, details } }`.
 * Domain libraries throw their own error classes with a code; nothing below the API knows HTTP.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DatabaseError && exception.transient) {
      // Expected and passing (a full disk, another program's lock): one line, no stack trace.
      this.logger.warn(`${exception.code}: ${exception.message}`);
      response.setHeader('Retry-After', String(TRANSIENT_RETRY_AFTER_SECONDS));
      response.status(503).json({ error: { code: exception.code, message: exception.message } });
      return;
    }
    const [status, body] = this.toHttp(exception);
    if (status >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    // RFC 6750: a 401 names the scheme the client should authenticate with.
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="api"');
    // A browser that follows a dead link gets a page with a way back; API clients keep JSON.
    if (status === 404 && wantsNotFoundPage(host.switchToHttp().getRequest<Request>())) {
      response.setHeader('Cache-Control', 'no-cache');
      response.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
    }
    response.status(status).json(body);
  }

  private toHttp(exception: unknown): [number, unknown] {
    const status = domainStatus(exception);
    if (status !== undefined) {
      const { code, message, details } = exception as DomainError;
      return [status, { error: { code, message, details } }];
    }
    if (exception instanceof HttpException) {
      const answer = exception.getResponse();
      if (
        typeof answer === 'object' &&
        answer !== null &&
        'error' in answer &&
        typeof answer.error === 'object'
      ) {
        return [exception.getStatus(), answer];
      }
      const code = exception.getStatus() === 404 ? 'NOT_FOUND' : `HTTP_${exception.getStatus()}`;
      return [exception.getStatus(), { error: { code, message: exception.message } }];
    }
    return [500, { error: { code: 'INTERNAL', message: 'Internal error; it has been logged.' } }];
  }
}

/** The HTTP status of a domain error, by its class's code table; undefined for anything else. */
function domainStatus(exception: unknown): number | undefined {
  if (exception instanceof EventStoreError) return EVENT_STORE_STATUS[exception.code];
  if (exception instanceof TimelineError) return TIMELINE_STATUS[exception.code];
  if (exception instanceof AuthError) return AUTH_STATUS[exception.code];
  if (exception instanceof ReviewError) return REVIEW_STATUS[exception.code];
  if (exception instanceof IngestError) return INGEST_STATUS[exception.code];
  if (exception instanceof AlertsError) return ALERTS_STATUS[exception.code];
  return undefined;
}
