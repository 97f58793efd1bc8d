import type { Relevance } from '../candidate-events';
import type { ItemText } from './item-text';
import { DEFAULT_RELEVANCE_THRESHOLD } from './lexicon';
import { assessRelevance } from './relevance-scorer';

/** given an item (title, text), when its relevance is assessed, then … */
const given = (title: string, excerpt = '', over: Partial<ItemText> = {}): ItemText => ({
  title,
  excerpt,
  publishedAt: '2025-03-20T09:00:00Z',
  publishedAtEstimated: false,
  ...over,
});
/** The lexicon alone (model: null): these specs are about its arithmetic; the model has its own below. */
const whenAssessed = (item: ItemText, options?: { threshold?: number }): Relevance =>
  assessRelevance(item, { model: null, ...options });
const terms = (r: Relevance, group: string): string[] =>
  r.matched.filter((m) => m.group === group).map((m) => m.term);

describe('relevance', () => {
  describe('given a Russian item with inflected names', () => {
    const relevance = whenAssessed(
      given(
        'Пограничники Таджикистана и Китая провели совместные учения',
        'Учения прошли в Горно-Бадахшанской автономной области; с Китаем подписан протокол о пограничном сотрудничестве.',
      ),
    );

    it('recognises China, Tajikistan and the security subject in their declined forms', () => {
      expect(relevance.relevant).toBe(true);
      expect(terms(relevance, 'china')).toEqual(expect.arrayContaining(['Китая', 'Китаем']));
      expect(terms(relevance, 'central-asia')).toEqual(
        expect.arrayContaining(['Таджикистана', 'Горно-Бадахшанской']),
      );
      expect(relevance.matched).toContainEqual({
        term: 'Пограничники',
        group: 'security',
        field: 'title',
        weight: 1.5,
        concept: 'border-security',
      });
      expect(relevance.matched.find((m) => m.term === 'учения')).toMatchObject({
        concept: 'military-exercise',
      });
    });
  });

  describe('given a Chinese item, with no spaces between words', () => {
    it('finds China, Kazakhstan and counter-terrorism inside longer words', () => {
      const relevance = whenAssessed(
        given('中哈举行联合反恐演习', '中方派出武警部队参加在阿拉木图举行的演练。'),
      );
      expect(relevance.relevant).toBe(true);
      expect(relevance.matched).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ term: '中哈', group: 'china', concept: 'CN' }),
          expect.objectContaining({ term: '中哈', group: 'central-asia', concept: 'KZ' }),
          expect.objectContaining({ term: '反恐', group: 'security', concept: 'counter-terrorism' }),
          expect.objectContaining({
            term: '武警部队',
            group: 'actor',
            concept: "People's Armed Police (China)",
          }),
        ]),
      );
    });

    it('reads the longer word where two overlap: 粮食安全 is food security, not security', () => {
      const relevance = whenAssessed(given('中国与哈萨克斯坦加强粮食安全合作', '两国将扩大小麦贸易。'));
      expect(relevance.relevant).toBe(false);
      expect(terms(relevance, 'security')).toEqual([]);
      expect(relevance.matched).toContainEqual(
        expect.objectContaining({ term: '粮食安全', group: 'negative', concept: 'economy' }),
      );
    });

    it('does not take the Beijing of a news agency dateline for China', () => {
      const relevance = whenAssessed(
        given('塔吉克斯坦边防部队举行演习', '新华社北京3月12日电 塔吉克斯坦边防部队在杜尚别附近举行演习。'),
      );
      expect(terms(relevance, 'china')).toEqual([]);
      expect(relevance.matched).toContainEqual(
        expect.objectContaining({ group: 'ignored', concept: 'dateline' }),
      );
      expect(relevance.relevant).toBe(false);
    });
  });

  describe('given all three subjects but sport or trade wording', () => {
    it('lowers the score below the threshold and says why', () => {
      const sport = whenAssessed(
        given(
          'Uzbekistan beat China in World Cup qualifier',
          'Security was tight at the stadium in Tashkent.',
        ),
      );
      expect(sport.relevant).toBe(false);
      expect(sport.matched).toContainEqual(expect.objectContaining({ group: 'negative', concept: 'sport' }));
      expect(sport.matched.filter((m) => m.group === 'negative').every((m) => m.weight <= 0)).toBe(true);
      expect(sport.explanation).toMatch(/− [\d.]+ \(sport: /);
      expect(sport.explanation).toContain('< 2.5');
    });

    it('keeps security news that mentions business relevant', () => {
      const attack = whenAssessed(
        given(
          'Chinese workers attacked at gold mine in Kyrgyzstan',
          'Police detained five people at the mining site.',
        ),
      );
      expect(attack.relevant).toBe(true);
      expect(attack.matched).toContainEqual(
        expect.objectContaining({ group: 'negative', concept: 'economy' }),
      );
    });
  });

  describe('given an item that lacks one of the three', () => {
    it.each([
      ['no Central Asia', 'China and Pakistan hold joint counter-terrorism drills', '', 'Central Asia'],
      ['no China', 'Russia and Tajikistan hold CSTO drills on the Afghan border', '', 'China'],
      ['no security subject', 'China and Kazakhstan sign wheat export deal', '', 'security'],
    ])(
      '%s: it is not relevant, whatever the score, and the explanation names what is missing',
      (_, title, text, what) => {
        const relevance = whenAssessed(given(title, text));
        expect(relevance.relevant).toBe(false);
        expect(relevance.explanation).toContain(`No ${what}`);
      },
    );
  });

  describe('given the same words in the title or only in the text', () => {
    it('weighs the title more', () => {
      const inTitle = whenAssessed(given('China and Tajikistan hold border drills', ''));
      const inText = whenAssessed(given('News in brief', 'China and Tajikistan hold border drills'));
      expect(inTitle.score).toBeGreaterThan(inText.score);
      expect(inTitle.matched.find((m) => m.term === 'China')).toMatchObject({ field: 'title', weight: 1.5 });
      expect(inText.matched.find((m) => m.term === 'China')).toMatchObject({ field: 'text', weight: 1 });
    });
  });

  describe('given one concept named several times', () => {
    it('counts it once, and lists the other terms with weight 0', () => {
      const relevance = whenAssessed(
        given('China, Kyrgyzstan agree on border security', 'Beijing and Chinese officials met in Bishkek.'),
      );
      const china = relevance.matched.filter((m) => m.group === 'china');
      expect(china.map((m) => m.term)).toEqual(['China', 'Beijing', 'Chinese']);
      expect(china.map((m) => m.weight)).toEqual([1.5, 0, 0]);
    });
  });

  describe('the explanation', () => {
    it('adds up the groups with their evidence and compares the sum with the threshold', () => {
      const relevance = whenAssessed(
        given('中方与塔吉克斯坦加强边境合作', 'Пограничники Таджикистана получили оборудование.'),
      );
      expect(relevance.explanation).toBe(
        'China 1.5 (CN: 中方, title) + Central Asia 1.5 (TJ: 塔吉克斯坦, title) + security 1.55 ' +
          '(border-security: 边境, title; arms-and-aid: оборудование) = 4.55 ≥ 2.5: relevant.',
      );
      expect(relevance.score).toBe(4.55);
    });

    it('says so when nothing matched', () => {
      expect(whenAssessed(given('Weather', 'Sunny.')).explanation).toBe(
        'Nothing matched: score 0 < 2.5. No China or Central Asia or security term, so not relevant.',
      );
    });
  });

  describe('given a threshold from configuration', () => {
    it('uses it instead of the default', () => {
      const item = given('China, Kazakhstan discuss security', '');
      expect(whenAssessed(item).threshold).toBe(DEFAULT_RELEVANCE_THRESHOLD);
      expect(whenAssessed(item).relevant).toBe(true);
      const strict = whenAssessed(item, { threshold: 4 });
      expect(strict).toMatchObject({ threshold: 4, relevant: false });
      expect(strict.explanation).toContain('< 4');
    });
  });

  describe('given an actor from the seed list', () => {
    it('counts the actor towards its country and names it', () => {
      const relevance = whenAssessed(
        given('Ван Сяохун встретился с Мирзиёевым', 'Обсуждалось сотрудничество в сфере безопасности.'),
      );
      expect(relevance.relevant).toBe(true);
      expect(relevance.matched).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ term: 'Ван Сяохун', group: 'china', concept: 'CN' }),
          expect.objectContaining({ term: 'Мирзиёевым', group: 'central-asia', concept: 'UZ' }),
          expect.objectContaining({ term: 'Мирзиёевым', group: 'actor', concept: 'Shavkat Mirziyoyev' }),
        ]),
      );
    });

    it('resolves an alias two agencies share by the country the item names', () => {
      const tajik = whenAssessed(
        given('ГКНБ Таджикистана и Китай', 'Сотрудники ГКНБ провели учения у границы.'),
      );
      const kyrgyz = whenAssessed(given('ГКНБ задержал боевиков в Бишкеке', 'Китай помог.'));
      const actors = (r: Relevance) => r.matched.filter((m) => m.group === 'actor');
      expect(actors(tajik)).toEqual([
        expect.objectContaining({ concept: 'State Committee for National Security (Tajikistan)' }),
        expect.objectContaining({
          term: 'ГКНБ',
          concept: 'State Committee for National Security (Tajikistan)',
        }),
      ]);
      expect(actors(kyrgyz)).toEqual([
        expect.objectContaining({
          term: 'ГКНБ',
          concept: 'State Committee for National Security (Kyrgyzstan)',
        }),
      ]);
    });
  });
});

describe('relevance caps', () => {
  it('given many security terms, caps their sum and says so', () => {
    const relevance = assessRelevance(
      {
        title: 'China and Kyrgyzstan hold joint counter-terrorism drills on the border',
        excerpt: 'Police and special forces practised hostage rescue.',
        publishedAt: '2025-03-20T09:00:00Z',
        publishedAtEstimated: false,
      },
      { model: null },
    );
    expect(relevance.explanation).toContain('security 2, capped (');
    expect(relevance.score).toBe(5);
  });
});

describe('relevance verdicts', () => {
  const item = (title: string, excerpt = ''): ItemText => ({
    title,
    excerpt,
    publishedAt: '2025-03-20T09:00:00Z',
    publishedAtEstimated: false,
  });

  it('given an item just below the threshold, sends it to the borderline tray', () => {
    // China 1.5 + Kazakhstan 1.5 + "security" 0.75 (all in the title) = 3.75, against a threshold of 4
    const relevance = assessRelevance(item('China and Kazakhstan discuss security'), {
      model: null,
      threshold: 4,
    });
    expect(relevance).toMatchObject({ score: 3.75, verdict: 'borderline', relevant: false });
    expect(relevance.explanation).toContain('borderline: to the tray');
    const noMargin = { model: null, threshold: 4, margin: 0 };
    expect(assessRelevance(item('China and Kazakhstan discuss security'), noMargin).verdict).toBe(
      'irrelevant',
    );
  });

  it('never lets trade or culture wording outweigh strong security evidence', () => {
    const relevance = assessRelevance(
      item(
        '',
        'Chinese and Tajik troops held a joint counter-terrorism exercise beside a trade fair, a film festival and a football match.',
      ),
      { model: null },
    );
    expect(relevance.verdict).toBe('relevant');
    expect(relevance.explanation).toContain('limited by strong security evidence');
  });

  it('keeps a China–Afghanistan-only story out, even in the Wakhan corridor', () => {
    const relevance = assessRelevance(
      item('Chinese troops patrol the Wakhan corridor with Afghan border guards'),
      { model: null },
    );
    expect(relevance.verdict).toBe('irrelevant');
    expect(relevance.explanation).toContain('No Central Asia term');
  });

  it('reads traditional Chinese and Kazakh, Uzbek and Tajik spellings', () => {
    for (const title of [
      '中國與烏茲別克斯坦舉行聯合反恐演習',
      'Xitoy va Oʻzbekiston terrorizmga qarshi hamkorlik: joint counter-terrorism drill',
      'Қытай и Тоҷикистон провели антитеррористические учения',
    ]) {
      expect({ title, verdict: assessRelevance(item(title), { model: null }).verdict }).toEqual({
        title,
        verdict: 'relevant',
      });
    }
  });

  it('counts an SCO summit as China-led security engagement without the word China', () => {
    expect(assessRelevance(item('SCO summit opens in Astana'), { model: null }).verdict).toBe('relevant');
  });

  it('records the model version that scored, and what the model added', () => {
    const relevance = assessRelevance(item('Chinese and Kyrgyz police hold joint anti-drug operation'));
    expect(relevance.modelVersion).toMatch(/^nb-[0-9a-f]{10}$/);
    expect(relevance.learned?.evidence.length).toBeGreaterThan(0);
    expect(relevance.learned?.evidence[0]?.taught).toMatch(/^(raised|lowered) by /);
  });
});
