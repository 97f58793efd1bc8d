import type { TimelineEntry } from '@app/timeline';

import type { AlertItem } from '../delivery/channel-sender';
import { type AlertEmailInput, renderAlertEmail } from './alert-email';
import { renderConfirmationEmail } from './confirmation-email';

const entry = (over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id: 'e-1',
  title: 'Joint border patrol on the Wakhan corridor',
  summary: 'Chinese and Tajik border guards patrol together.',
  date: { start: '2024-04', precision: 'month' },
  countries: ['CN', 'TJ'],
  actors: ['People’s Armed Police'],
  categories: ['border-security'],
  places: [],
  sources: [
    {
      id: 's1',
      title: 'Patrol report',
      publisher: 'Asia-Plus',
      url: 'https://example.org/patrol',
      publishedAt: '2024-04-12',
      origin: { kind: 'manual' },
      quotes: [],
    },
  ],
  status: 'active',
  recordedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...over,
});

const item = (over: Partial<AlertItem> = {}): AlertItem => ({
  kind: 'added',
  eventId: 'ev-1',
  position: 10,
  recordedAt: '2026-01-01T00:00:00.000Z',
  entry: entry(),
  ...over,
});

const input = (items: AlertItem[], over: Partial<AlertEmailInput> = {}): AlertEmailInput => ({
  items,
  digest: false,
  subscription: {
    target: 'ana@example.org',
    filters: { countries: ['TJ'], categories: [], actors: [], keywords: [] },
    mode: 'instant',
  },
  links: {
    entry: (id) => `https://timeline.example/?entry=${id}`,
    unsubscribe: 'https://timeline.example/unsubscribe?token=t0k3n',
  },
  ...over,
});

describe('renderAlertEmail', () => {
  it('tells of a new entry in both parts: title, date, countries, summary, sources with links, entry link', () => {
    const mail = renderAlertEmail(input([item()]));
    expect(mail.subject).toBe('New entry: Joint border patrol on the Wakhan corridor');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Joint border patrol on the Wakhan corridor');
      expect(part).toContain('April 2024');
      expect(part).toContain('China, Tajikistan');
      expect(part).toContain('Border security');
      expect(part).toContain('Chinese and Tajik border guards patrol together.');
      expect(part).toContain('Patrol report (Asia-Plus, 2024-04-12)');
      expect(part).toContain('https://example.org/patrol');
      expect(part).toContain('https://timeline.example/?entry=e-1');
      expect(part).toContain('https://timeline.example/unsubscribe?token=t0k3n');
      expect(part).toContain('country: Tajikistan');
    }
    expect(mail.html).toContain(
      '<a href="https://example.org/patrol">Patrol report (Asia-Plus, 2024-04-12)</a>',
    );
  });

  it('escapes hostile text from feeds in HTML, keeps it one line in the subject, and links only http(s)', () => {
    const hostile = entry({
      title: '<img src=x onerror=alert(1)> & "quotes"\r\nBcc: victim@example.org',
      summary: '<script>alert(1)</script>',
      sources: [
        {
          id: 's1',
          title: '<b>bold</b>',
          url: 'javascript:alert(1)',
          origin: { kind: 'manual' },
          quotes: [],
        },
        {
          id: 's2',
          title: 'ok',
          url: 'https://example.org/" onmouseover="x',
          origin: { kind: 'manual' },
          quotes: [],
        },
      ],
    });
    const mail = renderAlertEmail(input([item({ entry: hostile })]));
    expect(mail.subject).toBe('New entry: <img src=x onerror=alert(1)> & "quotes" Bcc: victim@example.org');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toMatch(/<img|<script|<b>|javascript:/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('href="https://example.org/&quot; onmouseover=&quot;x"');
    expect(mail.text).not.toContain('javascript:');
  });

  it('says what a correction changed and why, and why a retraction was made', () => {
    const amended = renderAlertEmail(
      input([
        item({
          kind: 'amended',
          changes: { countries: ['KZ'], date: { start: '2024-04-12', precision: 'day' } },
          reason: 'The patrol was on the Kazakh border',
        }),
      ]),
    );
    expect(amended.subject).toBe('Corrected: Joint border patrol on the Wakhan corridor');
    for (const part of [amended.text, amended.html]) {
      expect(part).toMatch(/What changed/);
      expect(part).toContain('Kazakhstan');
      expect(part).toContain('12 April 2024');
      expect(part).toContain('The patrol was on the Kazakh border');
    }
    const retracted = renderAlertEmail(
      input([
        item({ kind: 'retracted', reason: 'Could not be confirmed', entry: entry({ status: 'retracted' }) }),
      ]),
    );
    expect(retracted.subject).toBe('Retracted: Joint border patrol on the Wakhan corridor');
    expect(retracted.text).toContain('Retracted. Why: Could not be confirmed');
    expect(retracted.html).toContain('Could not be confirmed');
  });

  it('lists every item of a digest, oldest first as given, under one subject', () => {
    const second = entry({ id: 'e-2', title: 'SCO exercise in Kyrgyzstan', countries: ['KG'] });
    const mail = renderAlertEmail(
      input([item(), item({ eventId: 'ev-2', position: 11, entry: second })], {
        digest: true,
        subscription: {
          target: 'ana@example.org',
          filters: { countries: [], categories: [], actors: [], keywords: [] },
          mode: 'daily',
        },
      }),
    );
    expect(mail.subject).toBe('Daily digest: 2 updates from the China–Central Asia security timeline');
    expect(mail.text.indexOf('Joint border patrol')).toBeLessThan(mail.text.indexOf('SCO exercise'));
    expect(mail.html).toContain('https://timeline.example/?entry=e-2');
    expect(mail.text).toContain('a daily digest of alerts for every new entry');
  });

  it('leaves the unsubscribe line out when there is no link (and refuses an empty mail)', () => {
    const mail = renderAlertEmail(
      input([item()], { links: { entry: (id) => `https://t.example/?entry=${id}`, unsubscribe: null } }),
    );
    expect(mail.text).not.toMatch(/Unsubscribe/);
    expect(() => renderAlertEmail(input([]))).toThrow(/at least one item/);
  });
});

describe('renderConfirmationEmail', () => {
  it('asks to confirm by the link, says what was asked for, and escapes it', () => {
    const mail = renderConfirmationEmail({
      target: 'ana@example.org',
      filters: { countries: ['KG'], categories: [], actors: [], keywords: ['<tag>'] },
      mode: 'daily',
      confirmLink: 'https://timeline.example/subscriptions/confirm?token=abc',
    });
    expect(mail.subject).toMatch(/^Confirm your alerts/);
    expect(mail.text).toContain('https://timeline.example/subscriptions/confirm?token=abc');
    expect(mail.text).toContain('a daily digest of alerts for country: Kyrgyzstan; keyword: “<tag>”');
    expect(mail.html).toContain('&lt;tag&gt;');
    expect(mail.html).not.toContain('<tag>');
  });
});
