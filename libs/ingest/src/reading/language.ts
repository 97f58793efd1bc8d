/**
 * Language by script, then by the letters or short words that set languages of one script apart.
 * Good enough to route an item to the right relevance vocabulary; not a general classifier.
 */

const SCRIPTS: [script: string, re: RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Mongolian', /\p{Script=Mongolian}/u],
  ['Tibetan', /\p{Script=Tibetan}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Khmer', /\p{Script=Khmer}/u],
  ['Myanmar', /\p{Script=Myanmar}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
];

const ONE_LANGUAGE_SCRIPTS: Record<string, string> = {
  Hangul: 'ko',
  Greek: 'el',
  Hebrew: 'he',
  Devanagari: 'hi',
  Thai: 'th',
  Georgian: 'ka',
  Armenian: 'hy',
  Mongolian: 'mn',
  Tibetan: 'bo',
  Bengali: 'bn',
  Tamil: 'ta',
  Khmer: 'km',
  Myanmar: 'my',
  Ethiopic: 'am',
};

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/** Cyrillic: Russian unless letters only other alphabets have say otherwise (the region's languages first). */
function cyrillicLanguage(text: string, letters: number): string {
  const lower = text.toLowerCase();
  // A letter or two can be a quoted name; a language's own letters in every few words cannot.
  const enough = (re: RegExp): boolean => {
    const n = count(lower, re);
    return n >= 2 && n / letters >= 0.01;
  };
  if (count(lower, /[ӣӯҷ]/g) > 0 && enough(/[ӣӯҷҳқғ]/g)) return 'tg';
  if (enough(/[әұһіңөүғқ]/g) && count(lower, /[әұһі]/g) > 0 && count(lower, /[әұһңөүғқ]/g) > 0) return 'kk';
  // Uzbek and Belarusian both have ў; Belarusian writes і where Uzbek writes и.
  if (enough(/ў/g)) return count(lower, /и/g) > 0 ? 'uz' : 'be';
  if (enough(/[ңөү]/g)) return 'ky';
  if (enough(/[іїєґ]/g) && count(lower, /[ыэъ]/g) < count(lower, /[іїєґ]/g)) return 'uk';
  return 'ru';
}

function arabicLanguage(text: string): string {
  if (count(text, /[ېۆۇۈ]/g) > 0) return 'ug';
  if (count(text, /[ټډړږښځڅ]/g) > 0) return 'ps';
  if (count(text, /[ٹڈڑںےھہۂۓ]/g) > 0) return 'ur';
  // Persian (and Dari) write ی and ک where Arabic writes ي and ك, and have پ چ ژ گ.
  if (count(text, /[پچژگیک]/g) > 0) return 'fa';
  return 'ar';
}

// Short, frequent words (a word common to two languages counts for both), and letters that only
// some Latin alphabets have.
const STOPWORDS: Record<string, string> = {
  en: 'the and of to in is for on with that as at by from are was has have will its after over says new a an it be this not',
  fr: 'le la les des et est du une un pour dans sur au aux avec qui pas par ce sont de en que',
  de: 'der die und das ist nicht mit den von zu ein eine auf für im dem sich auch wird in',
  es: 'el los las del que y por una un con para es al se su como más de la en',
  pt: 'o os a as da do que e não uma um para com em dos das é ao mais de no na',
  it: 'il lo la della che e di per non una un sono gli dei nel alla è con delle le',
  nl: 'de het een en van is niet op met voor zijn dat die bij te ook naar',
  tr: 've bir bu için ile olarak da de çok daha gibi olan',
  uz: 'va bilan uchun bu ham yil boʻyicha bo‘yicha haqida esa',
  pl: 'i w na nie się z że do jest to od po przez',
};
const LETTERS: Record<string, RegExp> = {
  pt: /[ãõ]/g,
  es: /[ñ¿¡]/g,
  de: /ß/g,
  fr: /[êœû]/g,
  tr: /[ışğ]/g,
  pl: /[łąęśźżćń]/g,
  uz: /[og][ʻ‘’']/g,
  nl: /ij/g,
};
/** For each short word, the languages that list it, in STOPWORDS' order. */
const STOPWORD_LANGUAGES = new Map<string, number[]>();
const LATIN_LANGUAGES = Object.keys(STOPWORDS);
LATIN_LANGUAGES.forEach((language, index) => {
  for (const word of new Set(STOPWORDS[language]!.split(' '))) {
    STOPWORD_LANGUAGES.set(word, [...(STOPWORD_LANGUAGES.get(word) ?? []), index]);
  }
});

function latinLanguage(text: string): string | null {
  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}ʻ‘]+/gu) ?? [];
  // Each word is looked up once, not once per language.
  const scores = LATIN_LANGUAGES.map((language) => 2 * count(lower, LETTERS[language] ?? /(?!)/g));
  for (const word of words) {
    for (const index of STOPWORD_LANGUAGES.get(word) ?? []) scores[index]! += 1;
  }
  let best: string | null = null;
  let bestScore = 0;
  LATIN_LANGUAGES.forEach((language, index) => {
    // Ties go to the first listed, English.
    if (scores[index]! > bestScore) {
      best = language;
      bestScore = scores[index]!;
    }
  });
  return best;
}

const LETTER = /\p{L}/u;
/**
 * The index in SCRIPTS of each character of the Basic Multilingual Plane, worked out on first
 * sight (NO_SCRIPT for a letter of none of them, NOT_LETTER for anything else): a text's letters
 * come from a few hundred characters, and testing each against nineteen expressions every time is
 * most of the cost of detection.
 */
const UNKNOWN = 0;
const NOT_LETTER = 1;
const NO_SCRIPT = 2;
const SCRIPT_OF = new Uint8Array(0x10000);

function scriptOf(ch: string): number {
  const code = ch.length === 1 ? ch.charCodeAt(0) : -1;
  let known = code >= 0 ? SCRIPT_OF[code]! : UNKNOWN;
  if (known === UNKNOWN) {
    const index = LETTER.test(ch) ? SCRIPTS.findIndex(([, re]) => re.test(ch)) : -2;
    known = index === -2 ? NOT_LETTER : index === -1 ? NO_SCRIPT : index + 3;
    if (code >= 0) SCRIPT_OF[code] = known;
  }
  return known;
}

/**
 * 'zh' for Han, 'ja' for Han with kana, 'ru' for Cyrillic (or 'kk', 'ky', 'tg', 'uz', 'uk'… where
 * their own letters show), 'en' for English in Latin script (and 'fr', 'de', 'uz'… by their short
 * words), 'ar', 'fa', 'ur', 'ug', 'ps' for Arabic script, and other scripts' main language. Null
 * when the text has too few letters or no clue.
 */
export function detectLanguage(text: string): string | null {
  const letters = new Map<string, number>();
  let total = 0;
  // A thousand characters tell the script as well as the whole text does.
  const sample = text.slice(0, 1000);
  for (const ch of sample) {
    const known = scriptOf(ch);
    if (known < 3) continue;
    const script = SCRIPTS[known - 3]![0];
    letters.set(script, (letters.get(script) ?? 0) + 1);
    total++;
  }
  if (total < 3) return null;
  const han = letters.get('Han') ?? 0;
  const kana = letters.get('Kana') ?? 0;
  // Han characters carry a word each: weigh them as several Latin letters.
  const cjk = (han + kana) * 3;
  const ranked = [...letters.entries()]
    .filter(([script]) => script !== 'Han' && script !== 'Kana')
    .concat(cjk > 0 ? [['CJK', cjk]] : [])
    .sort((a, b) => b[1] - a[1]);
  const [top, topCount] = ranked[0]!;
  switch (top) {
    case 'CJK':
      return kana > 0 && kana / (han + kana) >= 0.1 ? 'ja' : 'zh';
    case 'Cyrillic':
      return cyrillicLanguage(sample, topCount);
    case 'Arabic':
      return arabicLanguage(sample);
    case 'Latin':
      return latinLanguage(sample);
    default:
      return ONE_LANGUAGE_SCRIPTS[top] ?? null;
  }
}
