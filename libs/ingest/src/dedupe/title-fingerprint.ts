/**
 * Near-duplicate titles (the same story from another outlet) by Jaccard similarity of token sets,
 * for any script: words of Latin and Cyrillic text, cut to a short stem so inflections meet
 * ("Казахстана" and "Казахстан", "drills" and "drill"); character bigrams of Chinese, which has no
 * spaces. Pure, so the dedupe projection stores the same tokens on every rebuild.
 */

/** Two titles at least this similar (Jaccard of their tokens) tell the same story. Tuned in the spec. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;
/** Only candidates published within this many days of the item are compared. */
export const DEDUPE_WINDOW_DAYS = 3;

const STEM_LENGTH = 5;
const HAN = /\p{Script=Han}/u;
const TOKEN_RUN = /[\p{Script=Han}]+|[\p{L}\p{N}]+/gu;

const STOPWORDS = new Set([
  // English
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'and',
  'or',
  'with',
  'by',
  'from',
  'as',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'its',
  'it',
  'that',
  'this',
  'after',
  'over',
  'into',
  'amid',
  'says',
  'said',
  'has',
  'have',
  'will',
  'new',
  'their',
  'his',
  'her',
  'than',
  'about',
  'up',
  'out',
  // Russian
  'и',
  'в',
  'во',
  'на',
  'с',
  'со',
  'по',
  'о',
  'об',
  'от',
  'до',
  'за',
  'из',
  'к',
  'ко',
  'у',
  'для',
  'не',
  'что',
  'как',
  'а',
  'но',
  'при',
  'под',
  'над',
  'же',
  'ли',
  'это',
  'его',
  'ее',
  'их',
  'между',
  'после',
]);

/**
 * Tokens that occur in most relevant titles. They go last in the token order, so prefix filtering
 * (see `prefixTokens`) seldom has to look them up; any fixed order keeps the filter exact.
 */
const FREQUENT = new Set([
  ...['china', 'chine', 'kazak', 'kyrgy', 'tajik', 'uzbek', 'turkm', 'centr', 'asia', 'asian', 'secur'],
  ...['borde', 'milit', 'polic', 'terro', 'count', 'coope', 'joint', 'sco', 'defen', 'minis', 'beiji'],
  ...['китай', 'кнр', 'казах', 'кыргы', 'кирги', 'таджи', 'узбек', 'туркм', 'центр', 'азии', 'азия'],
  ...['безоп', 'грани', 'сотру', 'учени', 'минис', 'шос', 'пекин', 'обору', 'терро'],
  ...['中国', '中亚', '安全', '合作', '哈萨', '萨克', '克斯', '斯坦', '吉尔', '尔吉', '吉斯', '塔吉'],
  ...['吉克', '乌兹', '兹别', '别克', '土库', '库曼', '反恐', '边境', '联合', '演习', '上合', '组织'],
]);

/** The title's distinct tokens, in the one fixed order prefix filtering needs. */
export function titleTokens(title: string): string[] {
  const text = title.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
  const tokens = new Set<string>();
  for (const [run] of text.matchAll(TOKEN_RUN)) {
    if (HAN.test(run)) {
      const chars = [...run];
      if (chars.length === 1) tokens.add(run);
      for (let i = 0; i + 1 < chars.length; i += 1) tokens.add(chars[i]! + chars[i + 1]!);
      continue;
    }
    if (STOPWORDS.has(run)) continue;
    if (/^\p{N}+$/u.test(run)) {
      tokens.add(run);
      continue;
    }
    const chars = [...run];
    if (chars.length < 2) continue;
    tokens.add(chars.slice(0, STEM_LENGTH).join(''));
  }
  return [...tokens].sort(compareTokens);
}

/**
 * The stems that name a country other than China. Two titles about China and different neighbours
 * ("China and Kyrgyzstan hold joint drills" / "China and Tajikistan hold joint drills") share most
 * of their words yet tell different stories: when each names a country the other does not, the
 * pair is never a near-duplicate (one naming more countries than the other still may be).
 */
const COUNTRY_STEMS: Record<string, string> = {
  ...Object.fromEntries(['kazak', 'казах', '哈萨', 'astan', 'астан'].map((s) => [s, 'KZ'])),
  ...Object.fromEntries(['kyrgy', 'кыргы', 'кирги', '吉尔', 'bishk', 'бишке'].map((s) => [s, 'KG'])),
  ...Object.fromEntries(['tajik', 'таджи', '塔吉', 'dusha', 'душан'].map((s) => [s, 'TJ'])),
  ...Object.fromEntries(['uzbek', 'узбек', '乌兹', 'tashk', 'ташке'].map((s) => [s, 'UZ'])),
  ...Object.fromEntries(['turkm', 'туркм', '土库', 'ashga', 'ашхаб'].map((s) => [s, 'TM'])),
  ...Object.fromEntries(['afgha', 'афган', '阿富', 'kabul', 'кабул', 'talib', 'талиб'].map((s) => [s, 'AF'])),
  ...Object.fromEntries(['russi', 'росси', '俄罗', 'mosco', 'москв'].map((s) => [s, 'RU'])),
  ...Object.fromEntries(['pakis', 'пакис', '巴基'].map((s) => [s, 'PK'])),
  ...Object.fromEntries(['mongo', 'монго', '蒙古'].map((s) => [s, 'MN'])),
  ...Object.fromEntries(['iran', 'иран', '伊朗'].map((s) => [s, 'IR'])),
};

/**
 * How similar two titles' tokens are, as near-duplicate evidence: their Jaccard similarity, or 0
 * when each names a country (besides China) that the other does not.
 */
export function titleSimilarity(a: readonly string[], b: readonly string[]): number {
  const countriesA = countries(a);
  const countriesB = countries(b);
  const within = (x: Set<string>, y: Set<string>) => [...x].every((c) => y.has(c));
  if (
    countriesA.size > 0 &&
    countriesB.size > 0 &&
    !within(countriesA, countriesB) &&
    !within(countriesB, countriesA)
  ) {
    return 0;
  }
  return jaccard(a, b);
}

function countries(tokens: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const token of tokens) {
    const country = COUNTRY_STEMS[token];
    if (country) found.add(country);
  }
  return found;
}

/** |a ∩ b| / |a ∪ b| of two token lists (each without repeats); 0 when both are empty. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const set = new Set(a);
  let common = 0;
  for (const token of b) if (set.has(token)) common += 1;
  return common / (a.length + b.length - common);
}

/**
 * The first tokens (in the fixed order) that any set at least `threshold`-similar must share with
 * this one: two sets with Jaccard >= t always share a token among their first n - ceil(t·n) + 1.
 * The dedupe index stores only these, and a lookup probes only these, yet misses no match.
 */
export function prefixTokens(tokens: readonly string[], threshold: number): string[] {
  if (tokens.length === 0) return [];
  // The epsilon keeps 0.6 × 10 from rounding up to 7.
  const length = tokens.length - Math.ceil(threshold * tokens.length - 1e-9) + 1;
  return tokens.slice(0, Math.max(1, length));
}

function compareTokens(a: string, b: string): number {
  const frequent = Number(FREQUENT.has(a)) - Number(FREQUENT.has(b));
  if (frequent !== 0) return frequent;
  const hash = fnv1a(a) - fnv1a(b);
  if (hash !== 0) return hash;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 32-bit FNV-1a: a spread-out order that does not depend on the alphabet. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
