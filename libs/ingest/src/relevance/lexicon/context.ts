import { entry, type LexiconEntry } from './lexicon-types';

/** 中俄 (China–Russia), 中巴 (China–Pakistan): one word, two countries. */
const withChina = (code: string, terms: readonly string[]): LexiconEntry => ({
  terms,
  signals: [
    { group: 'country', concept: code, weight: 0 },
    { group: 'china', concept: 'CN', weight: 1 },
  ],
});

/**
 * Terms that do not make the score but inform extraction (other countries, agreements and
 * visits), and text that must not count at all (news agency datelines).
 */
export const OTHER_COUNTRIES_LEXICON: readonly LexiconEntry[] = [
  // The Wakhan corridor is Afghan: a China–Afghanistan story there is not Central Asian by itself.
  entry('country', 'AF', 0, [
    'Afghan*',
    'Kabul',
    'Афган*',
    'Кабул*',
    '阿富汗',
    '喀布尔',
    'Wakhan',
    'Вахан*',
    '瓦罕',
  ]),
  entry('country', 'RU', 0, [
    'Russia*',
    'Moscow',
    'Kremlin',
    'Росси*',
    'российск*',
    'Москв*',
    'Кремл*',
    '俄罗斯',
    '俄方',
    '莫斯科',
    '俄军',
  ]),
  withChina('RU', ['中俄']),
  entry('country', 'PK', 0, ['Pakistan*', 'Islamabad', 'Пакистан*', 'Исламабад*', '巴基斯坦', '巴方']),
  withChina('PK', ['中巴']),
  entry('country', 'IN', 0, ['India', 'Indian', 'New Delhi', 'Индия', 'индийск*', 'Нью-Дели', '印度']),
  withChina('IN', ['中印']),
  entry('country', 'IR', 0, ['Iran*', 'Tehran', 'Иран*', 'Тегеран*', '伊朗', '德黑兰']),
  entry('country', 'MN', 0, ['Mongolia*', 'Ulaanbaatar', 'Монголи*', 'монгольск*', 'Улан-Батор*', '蒙古国']),
  withChina('MN', ['中蒙']),
  entry('country', 'US', 0, [
    'United States',
    '=U.S.',
    '=US',
    'American*',
    'Washington',
    'Pentagon',
    '=США',
    'американск*',
    'Вашингтон*',
    'Пентагон*',
    '美国',
    '美方',
    '五角大楼',
  ]),
  entry('country', 'BY', 0, ['Belarus*', 'Беларус*', 'Белорус*', '白俄罗斯']),
];

export const DIPLOMACY_LEXICON: readonly LexiconEntry[] = [
  entry('diplomacy', 'diplomacy', 0, [
    'agreement*',
    'agree*',
    'sign',
    'signed',
    'signs',
    'memorand*',
    'visit*',
    'talks',
    'met',
    'meets',
    'meeting*',
    'summit*',
    'delegation*',
    'declaration*',
    'treaty',
    'protocol*',
    'pledge*',
    'соглашени*',
    'договор*',
    'подписа*',
    'меморандум*',
    'визит*',
    'переговор*',
    'встрет*',
    'встреч*',
    'делегаци*',
    'саммит*',
    'декларац*',
    'протокол*',
    'посети*',
    '协议',
    '协定',
    '签署',
    '会见',
    '会谈',
    '访问',
    '会晤',
    '代表团',
    '峰会',
    '宣言',
    '备忘录',
    '条约',
    '达成共识',
  ]),
];

/**
 * "新华社北京3月12日电", "BEIJING, March 12 (Xinhua) --", "ПЕКИН, 12 мар — РИА Новости": the city
 * in a dateline says where the agency filed from, not that the story is about China.
 */
export const IGNORED_LEXICON: readonly LexiconEntry[] = [
  entry('ignored', 'dateline', 0, [
    '/(?:新华社|中新社|中新网|央视新闻|人民网|环球网)[^\\s，。,]{0,12}?\\d{1,2}月\\d{1,2}日电/',
    '/\\b[A-Z][A-Z.\\- ]{2,24}, (?:[A-Z][a-z]{2,8}\\.? \\d{1,2}|\\d{1,2} [A-Z][a-z]{2,8}) \\((?:Xinhua|AP|AFP|Reuters|Sputnik|TASS|AKIpress|Trend|Kazinform)\\)/',
    '/[А-ЯЁ][А-ЯЁ\\- ]{2,24}, \\d{1,2} [а-яё]{3,8}\\.?\\s*(?:[—–-]\\s*(?:РИА Новости|Синьхуа|Sputnik|ТАСС)|\\/ТАСС\\/|\\/Синьхуа\\/)/',
  ]),
];
