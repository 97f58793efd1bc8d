import { entry, lexiconEntries } from './lexicon';
import { TermMatcher } from './term-matcher';

const texts = [
  'Chinese and Tajik border guards held a joint counter-terrorism drill near Murghab in Gorno-Badakhshan; ' +
    "the People's Armed Police and Kyrgyzstan's State Committee for National Security took part.",
  'Пограничники Таджикистана и Китая провели совместные учения; делегация Министерства общественной ' +
    'безопасности КНР и Ван Сяохун посетили Ташкент, ГКНБ сообщил о задержании боевиков. ПЕКИН, 12 мар — РИА Новости.',
  '新华社北京3月12日电 中塔两国边防部队在帕米尔高原开展联合反恐演习，上合组织地区反恐怖机构代表出席；' +
    '中国与哈萨克斯坦加强粮食安全合作，中国—中亚峰会通过宣言。',
  'SCO, RATS and C+C5 met; rats ran; the Ministry of Public Security and PAP; Xi and Tokayev in Nur-Sultan.',
];

describe('the term matcher', () => {
  it('given the whole lexicon, finds exactly what it finds without the literal prefilter', () => {
    const fast = new TermMatcher(lexiconEntries());
    const slow = new TermMatcher(lexiconEntries(), { prefilter: false });
    for (const text of texts) expect(fast.find(text, 'text')).toEqual(slow.find(text, 'text'));
    expect(fast.find(texts[0] ?? '', 'title').length).toBeGreaterThan(8);
  });

  it('keeps the longest of overlapping terms, and every term of one exact stretch', () => {
    const matcher = new TermMatcher([
      entry('security', 'policing', 0.7, ['public security']),
      entry('actor', 'Ministry of Public Security (China)', 0, ['Ministry of Public Security']),
      entry('china', 'CN', 1, ['中哈']),
      entry('central-asia', 'KZ', 1, ['中哈']),
    ]);
    const hits = matcher.find('The Ministry of Public Security and public security; 中哈', 'title');
    expect(hits.map((h) => [h.text, h.signals.map((s) => s.concept)])).toEqual([
      ['Ministry of Public Security', ['Ministry of Public Security (China)']],
      ['public security', ['policing']],
      ['中哈', ['CN', 'KZ']],
    ]);
    expect(hits[0]).toMatchObject({ field: 'title', start: 4, end: 31 });
  });
});

describe('the term matcher on traditional Chinese', () => {
  it('reads it as simplified and shows the terms as written', () => {
    const hits = new TermMatcher(lexiconEntries()).find('中國與塔吉克斯坦舉行聯合反恐演習', 'title');
    expect(hits.map((h) => h.text)).toEqual(['中國', '塔吉克斯坦', '反恐', '演習']);
  });
});
