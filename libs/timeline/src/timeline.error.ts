import { DomainError } from '@app/event-store';

export type TimelineErrorCode =
  | 'ENTRY_NOT_FOUND'
  | 'ENTRY_EXISTS'
  | 'ENTRY_RETRACTED'
  | 'NO_CHANGE'
  | 'INVALID_ENTRY'
  | 'INVALID_QUERY'
  | 'ENTRY_MOVED_ON';

/** A timeline command that cannot be carried out. */
export class TimelineError extends DomainError<TimelineErrorCode> {}
