import { EventLog1795305600000 } from './1795305600000-event-log';
import { ApiKeys1795305700000 } from './1795305700000-api-keys';
import { Timeline1795305800000 } from './1795305800000-timeline';
import { TimelineQueryIndexes1795305900000 } from './1795305900000-timeline-query-indexes';
import { Ingest1795306000000 } from './1795306000000-ingest';
import { Review1795306100000 } from './1795306100000-review';
import { Alerts1795306200000 } from './1795306200000-alerts';
import { Sessions1795306300000 } from './1795306300000-sessions';
import { EmailUnsubscribeTokens1795306400000 } from './1795306400000-email-unsubscribe-tokens';
import { RelevanceModel1795307000000 } from './1795307000000-relevance-model';
import { TimelinePlacesSort1795307100000 } from './1795307100000-timeline-places-sort';
import { TimelineVersions1795307110000 } from './1795307110000-timeline-versions';
import { TimelineSearchGramsPostgres1795307120000 } from './1795307120000-timeline-search-grams-postgres';
import { TimelineVersionsCount1795307130000 } from './1795307130000-timeline-versions-count';
import { ReviewTrayAndUndo1795307200000 } from './1795307200000-review-tray-and-undo';
import { PersonalData1795307300000 } from './1795307300000-personal-data';
import { IngestBoundedWork1795307400000 } from './1795307400000-ingest-bounded-work';
import { FeedPauseAndSilence1795307600000 } from './1795307600000-feed-pause-and-silence';
import { OperationalNotices1795307610000 } from './1795307610000-operational-notices';
import { Checkpoints1795307750000 } from './1795307750000-checkpoints';
import { TimelineSearchHashSize1795308000000 } from './1795308000000-timeline-search-hash-size';
import { TimelineTagsByEntry1795308010000 } from './1795308010000-timeline-tags-by-entry';
import { TimelineSearchWordsPostgres1795308100000 } from './1795308100000-timeline-search-words-postgres';

/**
 * Every migration, oldest first (TypeORM runs them in timestamp order whatever the order here; a test
 * checks the two agree). A new migration is added here as well as in its own file.
 */
export const MIGRATIONS = [
  EventLog1795305600000,
  ApiKeys1795305700000,
  Timeline1795305800000,
  TimelineQueryIndexes1795305900000,
  Ingest1795306000000,
  Review1795306100000,
  Alerts1795306200000,
  Sessions1795306300000,
  EmailUnsubscribeTokens1795306400000,
  RelevanceModel1795307000000,
  TimelinePlacesSort1795307100000,
  TimelineVersions1795307110000,
  TimelineSearchGramsPostgres1795307120000,
  TimelineVersionsCount1795307130000,
  ReviewTrayAndUndo1795307200000,
  PersonalData1795307300000,
  IngestBoundedWork1795307400000,
  FeedPauseAndSilence1795307600000,
  OperationalNotices1795307610000,
  Checkpoints1795307750000,
  TimelineSearchHashSize1795308000000,
  TimelineTagsByEntry1795308010000,
  TimelineSearchWordsPostgres1795308100000,
];
