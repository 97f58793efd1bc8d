import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

import { canonicalJson, type HashedFields, hashEvent } from './hash-chain';

// The chain's hashes were written with the `canonicalize` package; canonicalJson must give its text.
const VALUES: unknown[] = [
  null,
  true,
  0,
  -0,
  1e21,
  1.5e-7,
  -123.456,
  2 ** 53 + 2,
  '',
  'line\nbreak "quoted" \\ \u2028 \u0007',
  '中文 ва́жно 🛡️',
  [],
  {},
  [1, 'two', null, [3, [4]], { b: 1, a: 2 }],
  { b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' }, '': 0 },
  // UTF-16 code unit order: '\u{1F600}' (a surrogate pair, 0xD83D…) sorts before '\uFFFD'.
  { '\uFFFD': 1, '\u{1F600}': 2, é: 3, e: 4, E: 5, '10': 6, '9': 7 },
  { kept: 1, dropped: undefined, list: [undefined, 2] },
  { date: new Date('2026-01-02T03:04:05.000Z') },
];

describe('canonical JSON', () => {
  it.each(VALUES.map((value) => [JSON.stringify(value) ?? String(value), value]))(
    'gives the canonicalize package text for %s',
    (_name, value) => {
      expect(canonicalJson(value)).toBe(canonicalize(value));
    },
  );

  it('refuses what JSON cannot say', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/canonical JSON/);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(/canonical JSON/);
  });

  it('hashes an event exactly as the chain was written: sha256(prev || canonicalize(event))', () => {
    const event: HashedFields = {
      position: 42,
      eventId: '01a24240-bb2c-7422-83fb-b2706d99ca0c',
      streamId: 'entry-7',
      streamVersion: 3,
      type: 'EntryAmended',
      schemaVersion: 2,
      data: { title: 'ШОС 上合组织', changes: { b: [1, 2], a: null }, summary: 'x'.repeat(300) },
      metadata: { actor: 'alice', commandId: 'c-1', correlationId: 'k' },
      recordedAt: '2026-12-04T18:11:08.239Z',
    };
    const prev = 'ab'.repeat(32);
    const expected = createHash('sha256')
      .update(prev)
      .update(canonicalize({ ...event })!)
      .digest('hex');
    expect(hashEvent(prev, event)).toBe(expected);
  });
});
