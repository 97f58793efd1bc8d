import { EventLog1795305600000 } from './1795305600000-event-log';
import { ApiKeys1795305700000 } from './1795305700000-api-keys';
import { Timeline1795305800000 } from './1795305800000-timeline';

/** Every migration, oldest first. A new migration is added here as well as in its own file. */
export const MIGRATIONS = [EventLog1795305600000, ApiKeys1795305700000, Timeline1795305800000];
