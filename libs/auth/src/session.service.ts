import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { hashSecret } from './api-key-token';
import { ApiKeyService } from './api-key.service';
import { AuthError } from './auth.error';
import type { ActiveSession, StartedSession } from './session';
import { newCsrfToken, newSessionToken, SESSION_TOKEN_PATTERN } from './session-token';
import type { Role } from './role';

// A type, not an interface: query<T> wants a row type with an implicit index signature.
type SessionRow = {
  key_id: string;
  csrf_token: string;
  expires_at: string;
  name: string;
  role: Role;
};

/**
 * Browser sessions: an API key is presented once (sign-in), and the browser then carries an
 * httpOnly cookie whose token maps to that key. Only a SHA-256 of the token is stored. A session
 * lasts `config.session.ttlMs` and ends early on sign-out or when its key is revoked (checked on
 * every use, so revocation takes effect at once).
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts a session for a valid, unrevoked key. A wrong key, whether malformed, unknown or
   * revoked, fails with the same UNAUTHENTICATED error, so sign-in tells an attacker nothing.
   */
  async signIn(key: string): Promise<StartedSession> {
    const principal = await this.keys.authenticate(key);
    if (!principal) throw AuthError.unauthenticated(true);
    const token = newSessionToken();
    const csrfToken = newCsrfToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.session.ttlMs).toISOString();
    await this.database.transaction(async (tx) => {
      // Expired rows are useless (refused on use); sign-ins are rare, so they are cleared here.
      await tx.execute('DELETE FROM sessions WHERE expires_at <= $1', [now.toISOString()]);
      await tx.execute(
        'INSERT INTO sessions (token_hash, key_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [hashSecret(token), principal.keyId, csrfToken, now.toISOString(), expiresAt],
      );
    });
    this.logger.log(`Session started for API key ${principal.keyId} (${principal.role}), until ${expiresAt}`);
    return { token, info: { name: principal.name, role: principal.role, csrfToken, expiresAt } };
  }

  /** The session a cookie token stands for, or null when it is unknown, expired, or its key revoked. */
  async authenticate(token: string): Promise<ActiveSession | null> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return null;
    const [row] = await this.database.query<SessionRow>(
      `SELECT s.key_id, s.csrf_token, s.expires_at, k.name, k.role
       FROM sessions s JOIN api_keys k ON k.id = s.key_id
       WHERE s.token_hash = $1 AND s.expires_at > $2 AND k.revoked_at IS NULL`,
      [hashSecret(token), this.clock.now().toISOString()],
    );
    if (!row) return null;
    return {
      principal: { keyId: row.key_id, name: row.name, role: row.role, actor: `key:${row.key_id}` },
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
    };
  }

  /** Ends a session; ending one that is gone already is not an error. */
  async signOut(token: string): Promise<boolean> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return false;
    const { affected } = await this.database.execute('DELETE FROM sessions WHERE token_hash = $1', [
      hashSecret(token),
    ]);
    if (affected > 0) this.logger.log('Session ended by sign-out');
    return affected > 0;
  }
}
