import { entry, type LexiconEntry } from './lexicon-types';

/**
 * China and Chinese actors, in English, Russian and Chinese. People and agencies with aliases are
 * in actors.ts; they count here through their country. Xinjiang and its cities weigh less: they
 * are China, but Xinjiang stories are usually domestic.
 */
export const CHINA_LEXICON: readonly LexiconEntry[] = [
  entry('china', 'CN', 1, [
    // English
    'China',
    'Chinese',
    'Beijing',
    '=PRC',
    'Sino',
    "People's Republic of China",
    // Russian: the noun declines (Китай, Китая, Китаю, Китаем, Китае), so do the adjective and the capital
    'Китай',
    'китайск*',
    'китайц*',
    '=КНР',
    'Пекин',
    'пекинск*',
    'Поднебесн*',
    'Китайск* Народн* Республик*',
    // Chinese
    '中国',
    '中方',
    '我国',
    '北京',
    '中华人民共和国',
    '中资',
    '中企',
    '华人',
    '赴华',
    '访华',
    '在华',
    '来华',
    '对华',
    '我军',
    // Taiwan and Hong Kong outlets (read as simplified, see simplified.ts)
    '中共',
    '陆方',
    '中国大陆',
    '北京当局',
    // Kazakh, Kyrgyz, Uzbek and Tajik
    'Қытай*',
    'Кытай*',
    'Xitoy*',
    'Хитой*',
    '=ҚХР',
    '=XXR',
    '=ХХР',
    'Ҷумҳурии Мардумии Чин',
    'Jumhurii Mardumii Chin',
  ]),
  entry('china', 'CN', 0.8, ['Xinjiang', 'Синьцзян*', 'СУАР', '新疆']),
  entry('china', 'CN', 0.7, ['Kashgar', 'Kashi', 'Urumqi', 'Кашгар*', 'Урумчи', '喀什', '乌鲁木齐']),
];
