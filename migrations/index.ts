import { EventLog1795305600000 } from './1795305600000-event-log';

/** Every migration, oldest first. A new migration is added here as well as in its own file. */
export const MIGRATIONS = [EventLog1795305600000];
