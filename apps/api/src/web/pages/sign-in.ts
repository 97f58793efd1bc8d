// The sign-in form and the "Signed in as … / Sign out" line the review and admin pages share: the
// key is traded once for the server's httpOnly session cookie (POST /api/session) and never kept.
// Each page says who it is for and what happens once signed in (and on Sign out, #sign-out); the
// form, its checks and its messages are the same everywhere.

import { html, render, type TemplateResult } from 'lit-html';

import { type ApiClient, asApiError, byId, later } from './dom';

/** Who is signed in, as /api/session answers. */
export interface Session {
  name: string;
  role: string;
  csrfToken: string;
  expiresAt?: string;
}

export interface SignInOptions {
  api: ApiClient;
  /** "Sign in to review". */
  heading: string;
  /** What the key is for, above the field. */
  intro: string;
  /** Where a key comes from, below the field. */
  help: TemplateResult;
  signedIn: (session: Session) => void | Promise<void>;
}

type Tone = 'error' | 'note';

export interface SignInForm {
  /** Says who is signed in, in the header, and puts the form away. */
  signedIn(session: Session): void;
  /** Shows the form (with a message, if any), the cursor in the key field. */
  signedOut(message?: string, tone?: Tone): void;
  /** A message under the field ('' for none): an error, or a note such as "You are signed out." */
  say(message: string, tone?: Tone): void;
}

/** Renders the form into #signin-view and who is signed in into #who; handles the form's submission. */
export function signInForm({ api, heading, intro, help, signedIn }: SignInOptions): SignInForm {
  render(
    html`<form id="signin-form" class="card signin-card" novalidate aria-labelledby="signin-heading">
      <h2 id="signin-heading">${heading}</h2>
      <p>${intro}</p>
      <div class="field">
        <label for="signin-key">API key</label>
        <input
          id="signin-key"
          name="key"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          aria-describedby="signin-help signin-error"
          placeholder="tlk_…"
        />
      </div>
      <p id="signin-help" class="help">${help}</p>
      <p id="signin-error" class="form-error" role="alert" hidden></p>
      <div class="actions">
        <button type="submit" class="button" id="signin-submit">Sign in</button>
      </div>
    </form>`,
    byId('signin-view'),
  );
  const who = byId('who');
  render(
    html`<span id="who-text" class="who-text"></span>
      <button type="button" id="sign-out" class="button-quiet">Sign out</button>`,
    who,
  );
  const view = byId('signin-view');
  const key = byId('signin-key', HTMLInputElement);
  const submit = byId('signin-submit', HTMLButtonElement);
  const error = byId('signin-error');

  const say = (message: string, tone: Tone = 'error'): void => {
    error.textContent = message;
    error.hidden = !message;
    error.classList.toggle('form-note', tone === 'note');
  };

  byId('signin-form').addEventListener(
    'submit',
    later(async (event) => {
      event.preventDefault();
      const typed = key.value.trim();
      if (!typed) {
        say('Enter your API key.');
        key.focus();
        return;
      }
      submit.disabled = true;
      say('');
      try {
        const session = await api<Session>('POST', '/api/session', { key: typed });
        // The key is not needed any more: the session cookie stands in for it.
        key.value = '';
        await signedIn(session);
      } catch (thrown) {
        const failure = asApiError(thrown);
        say(
          failure.status === 401
            ? 'That key was not accepted: it is mistyped, unknown or revoked.'
            : failure.status === 429
              ? `Too many sign-in attempts. Try again in ${failure.retryAfter ?? 60} seconds.`
              : `Could not sign in. ${failure.message}`,
        );
        key.select();
      } finally {
        submit.disabled = false;
      }
    }),
  );

  return {
    signedIn(session) {
      byId('who-text').textContent = `Signed in as ${session.name} (${session.role})`;
      who.hidden = false;
      view.hidden = true;
    },
    signedOut(message = '', tone = 'error') {
      who.hidden = true;
      view.hidden = false;
      say(message, tone);
      key.focus();
    },
    say,
  };
}
