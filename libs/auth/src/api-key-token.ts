import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The shape of an API key: `tlk_<keyId>_<secret>`. The key id is public (it names the key in lists,
 * logs and event metadata, and finds its row); the secret is 32 random bytes in base64url.
 * base64url may contain `_`, so the key id never does and parsing splits at the first two only.
 */
const PREFIX = 'tlk';
const KEY_ID_LENGTH = 12;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = new RegExp(`^${PREFIX}_([a-z2-7]{${KEY_ID_LENGTH}})_([A-Za-z0-9_-]{43})$`);
/** A key id alone, as routes that name a key take it. */
export const API_KEY_ID = new RegExp(`^[a-z2-7]{${KEY_ID_LENGTH}}$`);
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh key id: 12 base32 characters (60 bits) from the system's CSPRNG. It is part of the
 * credential's format rather than a record id, hence not from IdGenerator (whose UUIDs are 36
 * characters long); the primary key catches the unthinkable collision.
 */
export function newKeyId(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  return Array.from(randomBytes(KEY_ID_LENGTH), (byte) => BASE32[byte % 32]).join('');
}

export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function formatToken(keyId: string, secret: string): string {
  return `${PREFIX}_${keyId}_${secret}`;
}

/** Splits a presented key into its id and secret, or null when it is not shaped like one of ours. */
export function parseToken(token: string): { keyId: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

/**
 * SHA-256 of the secret, hex. A single fast hash is enough here: the secret is 256 random bits, so
 * there is nothing to guess and a slow password KDF (bcrypt, scrypt, argon2) would only add latency
 * to every request. Slow KDFs exist for low-entropy, human-chosen passwords.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time (no early exit on a mismatch). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // Both are SHA-256 digests, so equal lengths; the check only guards a corrupted row.
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
