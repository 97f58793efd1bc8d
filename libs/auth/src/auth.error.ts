import { DomainError } from '@app/event-store';
import { type Role, rolesSatisfying } from './role';

export type AuthErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION_FAILED' | 'CSRF_FAILED';

/** A refused request or an invalid key operation. `details` is safe to show to the caller. */
export class AuthError extends DomainError<AuthErrorCode> {
  /** No key, or one that is malformed, unknown or revoked: the caller is not told which. */
  static unauthenticated(presented: boolean): AuthError {
    return new AuthError(
      'UNAUTHENTICATED',
      presented
        ? 'The API key is not valid (malformed, unknown or revoked)'
        : 'This route needs an API key: send Authorization: Bearer <key>, or sign in (POST /api/session)',
    );
  }

  /** A session cookie that no longer signs anyone in: signed out, expired, or its key revoked. */
  static sessionEnded(): AuthError {
    return new AuthError(
      'UNAUTHENTICATED',
      'The session has ended (signed out, expired or its key revoked): sign in again',
    );
  }

  /**
   * A cookie-authenticated write that did not prove it came from our own page: no or a wrong
   * X-CSRF-Token, or an Origin of another site. Nothing was done.
   */
  static csrfFailed(reason: string): AuthError {
    return new AuthError('CSRF_FAILED', `Refused as a possible cross-site request: ${reason}`);
  }

  static forbidden(required: readonly Role[], actual: Role): AuthError {
    const allowed = rolesSatisfying(required);
    return new AuthError(
      'FORBIDDEN',
      `needs role ${allowed.slice(0, -1).join(', ')}${allowed.length > 1 ? ' or ' : ''}${allowed.at(-1)}; this key is ${actual}`,
      { requiredRoles: allowed, role: actual },
    );
  }

  static keyNotFound(id: string): AuthError {
    return new AuthError('NOT_FOUND', `No API key with id ${id}`, { id });
  }
}
