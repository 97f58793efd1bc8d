import type { Principal } from './principal';
import type { Role } from './role';

/** What the browser is told about its session (POST and GET /api/session). Never the cookie token. */
export interface SessionInfo {
  name: string;
  role: Role;
  /** Sent back in `X-CSRF-Token` on every unsafe request the session makes. */
  csrfToken: string;
  expiresAt: string;
}

/** A session checked on a request: who it stands for and the CSRF token it must present. */
export interface ActiveSession {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

/** A new session: the cookie token (the only plaintext copy there will be) and what the page sees. */
export interface StartedSession {
  token: string;
  info: SessionInfo;
}

/** What GET /api/session answers for a live session. */
export function sessionInfo(session: ActiveSession): SessionInfo {
  const { name, role } = session.principal;
  return { name, role, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}
