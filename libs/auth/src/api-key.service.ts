import { Database } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { formatToken, hashSecret, newKeyId, newSecret, parseToken, secretMatches } from './api-key-token';
import { AuthError } from './auth.error';
import type { ApiKeyRecord, CreatedApiKey, Principal } from './principal';
import { isRole, type Role, ROLES } from './role';

export const API_KEY_NAME_MAX_LENGTH = 100;

/**
 * `last_used_at` is kept to the minute: a key used again within a minute of its recorded use writes
 * nothing, so authenticated reads do not each turn into a write.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

// A type, not an interface: query<T> wants a row type with an implicit index signature.
type ApiKeyRow = {
  id: string;
  name: string;
  role: Role;
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

const PUBLIC_COLUMNS = 'id, name, role, created_at, last_used_at, revoked_at';

/**
 * API keys: created (the plaintext shown once), listed, revoked, and checked on each request.
 * Neither the plaintext key nor its secret is ever stored or logged; only a hash of the secret.
 */
@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger(ApiKeyService.name);

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Makes a key. The returned `key` is the only copy of the plaintext there will ever be. */
  async create(input: { role: Role; name: string }): Promise<CreatedApiKey> {
    if (!isRole(input.role)) {
      throw new AuthError(
        'VALIDATION_FAILED',
        `role: must be one of ${ROLES.join(', ')} (got ${JSON.stringify(input.role)})`,
        { field: 'role' },
      );
    }
    const name = validName(input.name);
    const id = newKeyId();
    const secret = newSecret();
    const record: ApiKeyRecord = {
      id,
      name,
      role: input.role,
      createdAt: this.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.database.execute(
      'INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, name, record.role, hashSecret(secret), record.createdAt],
    );
    this.logger.log(`API key ${id} created: role ${record.role}, name ${JSON.stringify(name)}`);
    return { key: formatToken(id, secret), record };
  }

  /** Every key, revoked ones included, oldest first. Never the hash. */
  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.database.query<Omit<ApiKeyRow, 'secret_hash'>>(
      `SELECT ${PUBLIC_COLUMNS} FROM api_keys ORDER BY created_at, id`,
    );
    return rows.map(toRecord);
  }

  /** Revokes a key for good; revoking it again changes nothing. Throws NOT_FOUND for an unknown id. */
  async revoke(id: string): Promise<ApiKeyRecord> {
    const row = await this.database.transaction(async (tx) => {
      await tx.execute('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
        this.clock.now().toISOString(),
        id,
      ]);
      const [found] = await tx.query<Omit<ApiKeyRow, 'secret_hash'>>(
        `SELECT ${PUBLIC_COLUMNS} FROM api_keys WHERE id = $1`,
        [id],
      );
      return found;
    });
    if (!row) throw AuthError.keyNotFound(id);
    this.logger.log(`API key ${id} revoked`);
    return toRecord(row);
  }

  /**
   * The principal a presented key stands for, or null when it is malformed, unknown, wrong or
   * revoked. The caller learns nothing about which of these it was.
   */
  async authenticate(token: string): Promise<Principal | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const [row] = await this.database.query<ApiKeyRow>(
      `SELECT ${PUBLIC_COLUMNS}, secret_hash FROM api_keys WHERE id = $1`,
      [parsed.keyId],
    );
    if (!row || !secretMatches(parsed.secret, row.secret_hash) || row.revoked_at !== null) return null;
    await this.recordUse(row);
    return { keyId: row.id, name: row.name, role: row.role, actor: `key:${row.id}` };
  }

  private async recordUse(row: ApiKeyRow): Promise<void> {
    const now = this.clock.now();
    if (row.last_used_at !== null && now.getTime() - Date.parse(row.last_used_at) < LAST_USED_RESOLUTION_MS) {
      return;
    }
    try {
      // Writes go through a transaction: on SQLite the connection behind `query` is read-only.
      await this.database.execute('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [
        now.toISOString(),
        row.id,
      ]);
    } catch (error) {
      // Bookkeeping only: a key that checked out is not refused because this write failed.
      this.logger.warn(`Could not record the use of API key ${row.id}: ${(error as Error).message}`);
    }
  }
}

function validName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  // Names show up in terminals and logs, so control characters are refused along with blanks.
  if (trimmed.length === 0 || trimmed.length > API_KEY_NAME_MAX_LENGTH || /\p{Cc}/u.test(trimmed)) {
    throw new AuthError(
      'VALIDATION_FAILED',
      `name: must be 1 to ${API_KEY_NAME_MAX_LENGTH} printable characters`,
      { field: 'name' },
    );
  }
  return trimmed;
}

function toRecord(row: Omit<ApiKeyRow, 'secret_hash'>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
