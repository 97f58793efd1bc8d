import { v7 as uuidv7 } from 'uuid';

/** Where ids come from, so tests can predict them. */
export abstract class IdGenerator {
  abstract next(): string;
}

/** Time-ordered UUIDs (v7): unique across processes, and they sort by creation. */
export class UuidV7Generator extends IdGenerator {
  next(): string {
    return uuidv7();
  }
}
