import { modeText, type RenderedEmail, SITE_NAME } from './alert-email';
import { type AlertFilters, escapeHtml, filtersText } from './email-format';

export interface ConfirmationEmailInput {
  target: string;
  filters: AlertFilters;
  mode: 'instant' | 'daily';
  confirmLink: string;
}

/**
 * The mail that asks an address to confirm a sign-up made on the public form. Nothing is sent to
 * the address before it follows the link; someone who did not ask only has to ignore it.
 */
export function renderConfirmationEmail(input: ConfirmationEmailInput): RenderedEmail {
  const what = `${modeText(input.mode)} for ${filtersText(input.filters)}`;
  const subject = `Confirm your alerts from the ${SITE_NAME}`;
  const text = [
    `Someone, hopefully you, asked for ${what} from the ${SITE_NAME} to be sent to ${input.target}.`,
    '',
    'To start them, confirm this address by opening this link:',
    input.confirmLink,
    '',
    'If you did not ask for this, ignore this mail: nothing will be sent to you.',
  ].join('\n');
  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Georgia, serif; color: #1b1b1b; max-width: 42em; line-height: 1.45">',
    `<p>Someone, hopefully you, asked for ${escapeHtml(what)} from the ${SITE_NAME} to be sent to ` +
      `${escapeHtml(input.target)}.</p>`,
    `<p><a href="${escapeHtml(input.confirmLink)}">Confirm this address and start the alerts</a></p>`,
    '<p style="color: #666; font-size: 0.9em">If you did not ask for this, ignore this mail: nothing will ' +
      'be sent to you.</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
