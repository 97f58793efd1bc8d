import type { Role } from './role';

/** Who is calling: the key that authenticated the request. */
export interface Principal {
  /** The key's public id (never its secret). */
  keyId: string;
  name: string;
  role: Role;
  /** What goes into event metadata as the actor, so every decision records who made it. */
  actor: `key:${string}`;
}

/** An API key as stored and listed: everything but its secret, which is never kept. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What `create` returns: the plaintext key, shown this once, and the stored record. */
export interface CreatedApiKey {
  key: string;
  record: ApiKeyRecord;
}
