import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Personal data as an event carries it (DESIGN.md section 8): never in the clear.
 * - `sealed`: AES-256-GCM under the subject's own key (`personal_data_keys`), bound by its
 *   additional data to the subject and the field, so a sealed value cannot be moved to another.
 * - `ref`: the value lives in `personal_data_values`, sealed the same way. Events written before
 *   encryption (SubscriptionCreated v1) are upcast to this form; their subject's values were moved
 *   there by the personal-data migration.
 * Deleting the subject's key (and values) makes both unreadable for good: crypto-shredding.
 */
export type PersonalValue = { sealed: string } | { ref: string };

/** What an erased (or unreadable) personal field reads as everywhere. */
export const ERASED = '[erased]';

const ALGORITHM = 'aes-256-gcm';
const PREFIX = 'aes-256-gcm:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh 256-bit subject key, base64 (as `personal_data_keys.key` holds it). */
export function newSubjectKey(): string {
  return randomBytes(32).toString('base64');
}

export function sealValue(key: string, subject: string, field: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, Buffer.from(key, 'base64'), iv);
  cipher.setAAD(Buffer.from(`${subject}/${field}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The plaintext, or undefined when the value is not ours or was sealed under another key. */
export function openValue(key: string, subject: string, field: string, sealed: string): string | undefined {
  if (!sealed.startsWith(PREFIX)) return undefined;
  const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, Buffer.from(key, 'base64'), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${subject}/${field}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

export function isPersonalValue(value: unknown): value is PersonalValue {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.sealed === 'string' || typeof v.ref === 'string';
}
