import { createHash } from 'node:crypto';

import type { SubscriptionView } from '@app/alerts';
import { CATEGORY_LABELS, COUNTRIES } from '@app/timeline';

/**
 * The small pages of email subscriptions: confirmed, unsubscribe (with its button), unsubscribed,
 * and a link that does not work. No script at all; the one style sheet is inline and allowed by its
 * hash, so the policy stays as strict as the timeline page's. Every value is escaped.
 */
const STYLE = [
  'body{font-family:Georgia,"Times New Roman",serif;color:#1b1b1b;background:#faf8f4;margin:0;line-height:1.5}',
  'main{max-width:38rem;margin:4rem auto;padding:0 1.25rem}',
  'h1{font-size:1.6rem;font-weight:600;margin:0 0 1rem}',
  'p{margin:0 0 1rem}',
  'button{font:inherit;padding:.5rem 1.1rem;border:1px solid #7a2e1f;background:#7a2e1f;color:#fff;border-radius:4px;cursor:pointer}',
  'button:focus-visible{outline:3px solid #d99a3d;outline-offset:2px}',
  'a{color:#7a2e1f}',
  '.muted{color:#5f5a52;font-size:.95rem}',
].join('');

export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)} · China–Central Asia security timeline</title>`,
    '<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg">',
    `<style>${STYLE}</style>`,
    `</head><body><main><h1>${escapeHtml(title)}</h1>`,
    body,
    '<p class="muted"><a href="/">The China–Central Asia security timeline</a></p>',
    '</main></body></html>',
  ].join('\n');
}

/** What a subscription follows, in words: "new entries about Tajikistan, in Border security". */
export function followed(subscription: SubscriptionView): string {
  const { countries, categories, actors, keywords } = subscription.filters;
  const named = (values: string[], labels: Record<string, string>) => values.map((v) => labels[v] ?? v);
  const parts = [
    countries.length > 0 ? `about ${named(countries, COUNTRIES).join(' or ')}` : '',
    categories.length > 0 ? `in ${named(categories, CATEGORY_LABELS).join(' or ')}` : '',
    actors.length > 0 ? `naming ${actors.join(' or ')}` : '',
    keywords.length > 0 ? `mentioning ${keywords.map((k) => `“${k}”`).join(' or ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `new entries ${parts.join(', ')}` : 'every new entry';
}

function how(subscription: SubscriptionView): string {
  return subscription.mode === 'daily' ? 'in a daily digest' : 'as soon as they are approved';
}

export function confirmedPage(subscription: SubscriptionView): string {
  return page(
    'Your alerts are on',
    `<p>You will get alerts for ${escapeHtml(followed(subscription))} at ` +
      `<strong>${escapeHtml(subscription.target)}</strong>, ${how(subscription)}.</p>` +
      '<p class="muted">Every alert has a link to unsubscribe.</p>',
  );
}

/** What the mail's link opens: a button that POSTs, since a mail scanner's GET must not confirm. */
export function confirmAskPage(subscription: SubscriptionView, token: string): string {
  return page(
    'Confirm your alerts',
    `<p>Start alerts for ${escapeHtml(followed(subscription))} at ` +
      `<strong>${escapeHtml(subscription.target)}</strong>, ${how(subscription)}?</p>` +
      `<form method="post" action="/subscriptions/confirm?token=${encodeURIComponent(token)}">` +
      '<p><button type="submit">Confirm and start the alerts</button></p></form>' +
      '<p class="muted">Nothing starts until you press the button. If you did not ask for this, close this page.</p>',
  );
}

export function confirmInvalidPage(): string {
  return page(
    'This link does not work',
    '<p>This confirmation link is not valid (any more). Each link works once, and a newer ' +
      'confirmation mail replaces the link of an older one.</p>' +
      '<p>If you have already followed it, your alerts are on. Otherwise, sign up again on the timeline.</p>',
  );
}

export function unsubscribeAskPage(subscription: SubscriptionView, token: string): string {
  return page(
    'Unsubscribe?',
    `<p><strong>${escapeHtml(subscription.target)}</strong> gets alerts for ` +
      `${escapeHtml(followed(subscription))}, ${how(subscription)}.</p>` +
      `<form method="post" action="/unsubscribe?token=${encodeURIComponent(token)}">` +
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
      '<p><button type="submit">Unsubscribe</button></p></form>' +
      '<p class="muted">Nothing changes until you press the button.</p>',
  );
}

export function unsubscribedPage(subscription: SubscriptionView, already: boolean): string {
  return page(
    already ? 'You are unsubscribed' : 'Unsubscribed',
    `<p>No more alerts for ${escapeHtml(followed(subscription))} go to ` +
      `<strong>${escapeHtml(subscription.target)}</strong>.</p>`,
  );
}

export function unsubscribeInvalidPage(): string {
  return page(
    'This link does not work',
    '<p>This unsubscribe link is not one of ours, or it was cut short by your mail program. ' +
      'Try the link in another alert.</p>',
  );
}
