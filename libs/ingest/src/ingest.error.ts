import { DomainError } from '@app/event-store';

export type IngestErrorCode =
  | 'INVALID_FEED'
  | 'FEED_EXISTS'
  | 'FEED_NOT_FOUND'
  | 'FEED_PAUSED'
  | 'FEED_NOT_PAUSED'
  | 'FEED_REMOVED'
  | 'NO_CHANGE'
  | 'FEEDS_FILE_INVALID'
  | 'FETCH_FAILED'
  | 'FEED_UNREADABLE';

/** A feed command that cannot be carried out, or a feed that cannot be read. One-line message. */
export class IngestError extends DomainError<IngestErrorCode> {}
