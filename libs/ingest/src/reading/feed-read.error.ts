export type FeedReadErrorCode =
  'EMPTY' | 'NOT_A_FEED' | 'ENTITIES_REFUSED' | 'MALFORMED' | 'TOO_LARGE' | 'UNSUPPORTED_ENCODING';

/**
 * A document that cannot be read as a feed. The message is one human line (no stack, no
 * newlines): the CLI prints it as it is and the feed's health shows it.
 */
export class FeedReadError extends Error {
  constructor(
    readonly code: FeedReadErrorCode,
    message: string,
  ) {
    // Parser messages carry "Line: 3\nColumn: 7"; one line is what users and logs get.
    super(message.replace(/\s+/g, ' ').trim());
    this.name = 'FeedReadError';
  }
}
