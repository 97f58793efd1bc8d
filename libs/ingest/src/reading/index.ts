// Reading what comes in: bytes → decoded text → feed document → normalised items. Pure functions,
// no Nest, no database, no queue.
export { type DecodedText, decodeFeedBytes } from './decode';
export { FeedReadError, type FeedReadErrorCode } from './feed-read.error';
export {
  canonicalUrl,
  cleanText,
  detectLanguage,
  EXCERPT_MAX_LENGTH,
  type NormaliseContext,
  type NormalisedItem,
  normaliseItem,
  parseFeedDate,
  TITLE_MAX_LENGTH,
} from './normalise';
export {
  type FeedDocument,
  type FeedFormat,
  MAX_FEED_BYTES,
  type RawFeedItem,
  readFeed,
  type ReadFeedOptions,
} from './read-feed';
export { OFF_THREAD_BYTES, readFeedOffThread } from './read-feed-off-thread';
