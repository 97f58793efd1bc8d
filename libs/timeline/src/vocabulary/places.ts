import type { CountryCode } from './vocabulary';

/**
 * The gazetteer: places that matter to China's security engagement in Central Asia, with their
 * English, Russian and Chinese names and the other spellings news uses.
 *
 * Where the coordinates come from: they were first typed from memory, then checked (December 2026)
 * against the source named in each place's trailing comment, which also gives that source's
 * position: mostly the place's Wikipedia article (in the language named), else a public data set
 * or a news page. None was checked against GeoNames itself. A value within 0.05° (about 5 km) of
 * its source was left as typed; the others were set to the source's, rounded to two decimals. For
 * a region the point is one near its middle as the named source gives it, not a computed
 * centroid. `approximate` marks points that no source gives (sites only described in the press,
 * or a base placed only by its city): do not measure distances with those.
 *
 * Ids are stable (events carry them): add places, never rename an id.
 */
export interface PlaceDefinition {
  id: string;
  /** English name, as entries show it. */
  name: string;
  kind: 'border-crossing' | 'region' | 'capital' | 'city' | 'base' | 'outpost';
  countries: CountryCode[];
  lat: number;
  lon: number;
  ru: string;
  zh: string;
  /** Other spellings in any of the three languages (and local ones). Russian words inflect. */
  aliases: string[];
  approximate?: boolean;
}

/** A place as an entry carries it: enough to draw and name it without the gazetteer. */
export interface Place {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export const PLACES: readonly PlaceDefinition[] = [
  // Border crossings
  {
    id: 'khorgos',
    name: 'Khorgos',
    kind: 'border-crossing',
    countries: ['KZ', 'CN'],
    lat: 44.21,
    lon: 80.41, // en.wikipedia.org/wiki/Khorgos: 44.21, 80.41
    ru: 'Хоргос',
    zh: '霍尔果斯',
    aliases: ['Horgos', 'Khorgas', 'Korgas', 'Qorgas', 'Khorgos Gateway', 'Хоргас', 'Қорғас', '霍尔果斯口岸'],
  },
  {
    id: 'alashankou',
    name: 'Alashankou',
    kind: 'border-crossing',
    countries: ['CN', 'KZ'],
    lat: 45.17,
    lon: 82.57, // en.wikipedia.org/wiki/Alashankou: 45.17, 82.57
    ru: 'Алашанькоу',
    zh: '阿拉山口',
    aliases: ['Alataw Pass', 'Alashankou Pass', 'Алашанькоу', 'Джунгарские ворота', 'Dzungarian Gate'],
  },
  {
    id: 'dostyk',
    name: 'Dostyk',
    kind: 'border-crossing',
    countries: ['KZ', 'CN'],
    lat: 45.25,
    lon: 82.48, // sco.wikipedia.org/wiki/Dostyk: 45.25, 82.48
    ru: 'Достык',
    zh: '多斯特克',
    aliases: ['Достық'],
  },
  {
    id: 'bakhty',
    name: 'Bakhty',
    kind: 'border-crossing',
    countries: ['KZ', 'CN'],
    lat: 46.67,
    lon: 82.78, // russian.china.org.cn (КПП Бахты, 2005): 46.68, 82.80
    ru: 'Бахты',
    zh: '巴克图',
    aliases: ['Bakhtu', 'Baketu', '巴克图口岸'],
  },
  {
    id: 'torugart',
    name: 'Torugart Pass',
    kind: 'border-crossing',
    countries: ['KG', 'CN'],
    lat: 40.56,
    lon: 75.39, // en.wikipedia.org/wiki/Torugart_Pass: 40.58, 75.42
    ru: 'Торугарт',
    zh: '吐尔尕特',
    aliases: ['Torugart', 'Turugart', 'перевал Торугарт', '吐尔尕特口岸', '吐尔尕特山口'],
  },
  {
    id: 'irkeshtam',
    name: 'Irkeshtam',
    kind: 'border-crossing',
    countries: ['KG', 'CN'],
    lat: 39.68,
    lon: 73.9, // de.wikipedia.org/wiki/Irkeschtam (village by the crossing): 39.68, 73.90
    ru: 'Иркештам',
    zh: '伊尔克什坦',
    aliases: ['Irkeshtam Pass', 'Erkeshtam', 'Эркеч-Там', '伊尔克什坦口岸'],
  },
  {
    id: 'kulma-pass',
    name: 'Kulma Pass',
    kind: 'border-crossing',
    countries: ['TJ', 'CN'],
    lat: 38.15,
    lon: 74.8, // en.wikipedia.org/wiki/Kulma_Pass: 38.15, 74.80
    ru: 'перевал Кульма',
    zh: '阔勒买山口',
    aliases: [
      'Kulma',
      'Qolma',
      'Qulma',
      'Karasu pass',
      'Karasu crossing',
      'Кульма',
      'Кульма-Карасу',
      '卡拉苏',
      '卡拉苏口岸',
    ],
  },
  {
    id: 'wakhjir-pass',
    name: 'Wakhjir Pass',
    kind: 'border-crossing',
    countries: ['AF', 'CN'],
    lat: 37.1,
    lon: 74.49, // en.wikipedia.org/wiki/Wakhjir_Pass: 37.09, 74.48
    ru: 'перевал Вахджир',
    zh: '瓦赫吉尔山口',
    aliases: ['Wakhjir', 'Вахджир', '瓦罕吉尔山口', '瓦根基达坂'], // 瓦根基达坂: the pass's zh.wikipedia title
  },
  {
    id: 'hairatan-termez',
    name: 'Hairatan–Termez bridge',
    kind: 'border-crossing',
    countries: ['UZ', 'AF'],
    lat: 37.23,
    lon: 67.42, // en.wikipedia.org/wiki/Afghanistan–Uzbekistan_Friendship_Bridge: 37.23, 67.43
    ru: 'Хайратон',
    zh: '海拉坦',
    aliases: ['Hairatan', 'Hayratan', 'Friendship Bridge', 'Мост Дружбы', 'Хайратан', '友谊桥'],
  },
  // Regions
  {
    id: 'gorno-badakhshan',
    name: 'Gorno-Badakhshan',
    kind: 'region',
    countries: ['TJ'],
    lat: 38.0,
    lon: 73.0, // en.wikipedia.org/wiki/Gorno-Badakhshan_Autonomous_Region: 38.00, 73.00
    ru: 'Горно-Бадахшанская автономная область',
    zh: '戈尔诺-巴达赫尚自治州',
    aliases: [
      'GBAO',
      'Gorno-Badakhshan Autonomous Region',
      'Kuhistoni Badakhshon',
      'Горный Бадахшан',
      'Горно-Бадахшанская область',
      'ГБАО',
      '戈尔诺-巴达赫尚',
      '戈尔诺－巴达赫尚',
    ],
  },
  {
    id: 'wakhan',
    name: 'Wakhan Corridor',
    kind: 'region',
    countries: ['AF'],
    lat: 37.06,
    lon: 73.35, // dr5hn/countries-states-cities-database city 131 (Wakhan district): 37.06, 73.35
    ru: 'Ваханский коридор',
    zh: '瓦罕走廊',
    aliases: ['Wakhan', 'Вахан', 'Ваханский коридор'],
  },
  {
    id: 'fergana-valley',
    name: 'Fergana Valley',
    kind: 'region',
    countries: ['UZ', 'KG', 'TJ'],
    lat: 40.77,
    lon: 71.5, // wiki.openstreetmap.org/wiki/Fergana_Valley: 40.77, 71.50
    ru: 'Ферганская долина',
    zh: '费尔干纳盆地',
    aliases: ['Ferghana Valley', 'Fergana', 'Ferghana', 'Фергана', '费尔干纳谷地', '费尔干纳'],
  },
  {
    id: 'xinjiang',
    name: 'Xinjiang',
    kind: 'region',
    countries: ['CN'],
    lat: 42.15,
    lon: 84.9, // label point of 新疆 in ECharts china.json (gist Songkeys/e0e3467a): 42.15, 84.90
    ru: 'Синьцзян',
    zh: '新疆',
    aliases: [
      'Xinjiang Uyghur Autonomous Region',
      'Xinjiang Uygur Autonomous Region',
      'XUAR',
      'Синьцзян-Уйгурский автономный район',
      'СУАР',
      '新疆维吾尔自治区',
    ],
  },
  {
    id: 'pamir',
    name: 'Pamir Mountains',
    kind: 'region',
    countries: ['TJ', 'AF', 'CN'],
    lat: 38.5,
    lon: 73.5, // en.wikipedia.org/wiki/Pamir_Mountains (range coordinates): 38.50, 73.50
    ru: 'Памир',
    zh: '帕米尔高原',
    aliases: ['Pamirs', 'Pamir', 'Памир', '帕米尔'],
  },
  {
    id: 'badakhshan-afghanistan',
    name: 'Badakhshan Province',
    kind: 'region',
    countries: ['AF'],
    lat: 36.8,
    lon: 71.37, // dr5hn/countries-states-cities-database state 3901: 36.80, 71.37
    ru: 'провинция Бадахшан',
    zh: '巴达赫尚省',
    aliases: ['Бадахшанская провинция'],
  },
  // Capitals
  {
    id: 'dushanbe',
    name: 'Dushanbe',
    kind: 'capital',
    countries: ['TJ'],
    lat: 38.56,
    lon: 68.79, // mr.wikipedia.org (Dushanbe): 38.53, 68.78
    ru: 'Душанбе',
    zh: '杜尚别',
    aliases: [],
  },
  {
    id: 'bishkek',
    name: 'Bishkek',
    kind: 'capital',
    countries: ['KG'],
    lat: 42.87,
    lon: 74.59, // en.wikipedia.org/wiki/Bishkek: 42.87, 74.61
    ru: 'Бишкек',
    zh: '比什凯克',
    aliases: [],
  },
  {
    id: 'astana',
    name: 'Astana',
    kind: 'capital',
    countries: ['KZ'],
    lat: 51.17,
    lon: 71.43, // en.wikipedia.org/wiki/Astana: 51.17, 71.43
    ru: 'Астана',
    zh: '阿斯塔纳',
    aliases: ['Nur-Sultan', 'Нур-Султан', '努尔苏丹'],
  },
  {
    id: 'tashkent',
    name: 'Tashkent',
    kind: 'capital',
    countries: ['UZ'],
    lat: 41.31,
    lon: 69.28, // en.wikipedia.org/wiki/Tashkent: 41.31, 69.28
    ru: 'Ташкент',
    zh: '塔什干',
    aliases: ['Toshkent'],
  },
  {
    id: 'ashgabat',
    name: 'Ashgabat',
    kind: 'capital',
    countries: ['TM'],
    lat: 37.95,
    lon: 58.38, // en.wikipedia.org/wiki/Ashgabat: 37.94, 58.38
    ru: 'Ашхабад',
    zh: '阿什哈巴德',
    aliases: ['Ashkhabad', 'Aşgabat'],
  },
  {
    id: 'kabul',
    name: 'Kabul',
    kind: 'capital',
    countries: ['AF'],
    lat: 34.53,
    lon: 69.17, // sco.wikipedia.org/wiki/Kabul: 34.53, 69.17
    ru: 'Кабул',
    zh: '喀布尔',
    aliases: [],
  },
  // Main cities
  {
    id: 'almaty',
    name: 'Almaty',
    kind: 'city',
    countries: ['KZ'],
    lat: 43.24,
    lon: 76.89, // en.wikipedia.org/wiki/Almaty: 43.24, 76.92
    ru: 'Алматы',
    zh: '阿拉木图',
    aliases: ['Alma-Ata', 'Алма-Ата'],
  },
  {
    id: 'osh',
    name: 'Osh',
    kind: 'city',
    countries: ['KG'],
    lat: 40.53,
    lon: 72.8, // en.wikipedia.org/wiki/Osh: 40.53, 72.80
    ru: 'Ош',
    zh: '奥什',
    aliases: [],
  },
  {
    id: 'khujand',
    name: 'Khujand',
    kind: 'city',
    countries: ['TJ'],
    lat: 40.28,
    lon: 69.62, // en.wikipedia.org/wiki/Khujand: 40.28, 69.63
    ru: 'Худжанд',
    zh: '苦盏',
    aliases: ['Khodjent', 'Khojand', 'Ходжент'],
  },
  {
    id: 'khorog',
    name: 'Khorog',
    kind: 'city',
    countries: ['TJ'],
    lat: 37.49,
    lon: 71.55, // en.wikipedia.org/wiki/Khorugh: 37.49, 71.56
    ru: 'Хорог',
    zh: '霍罗格',
    aliases: ['Khorugh'],
  },
  {
    id: 'samarkand',
    name: 'Samarkand',
    kind: 'city',
    countries: ['UZ'],
    lat: 39.65,
    lon: 66.96, // it.wikipedia.org/wiki/Samarcanda: 39.66, 66.98
    ru: 'Самарканд',
    zh: '撒马尔罕',
    aliases: ['Samarqand'],
  },
  {
    id: 'termez',
    name: 'Termez',
    kind: 'city',
    countries: ['UZ'],
    lat: 37.22,
    lon: 67.28, // en.wikipedia.org/wiki/Termez: 37.22, 67.28
    ru: 'Термез',
    zh: '铁尔梅兹',
    aliases: ['Termiz'],
  },
  {
    id: 'naryn',
    name: 'Naryn',
    kind: 'city',
    countries: ['KG'],
    lat: 41.43,
    lon: 76.0, // en.wikipedia.org/wiki/Naryn: 41.43, 76.00
    ru: 'Нарын',
    zh: '纳伦',
    aliases: [],
  },
  {
    id: 'kashgar',
    name: 'Kashgar',
    kind: 'city',
    countries: ['CN'],
    lat: 39.47,
    lon: 75.99, // en.wikipedia.org/wiki/Kashgar: 39.47, 75.99
    ru: 'Кашгар',
    zh: '喀什',
    aliases: ['Kashi', 'Qeshqer', '喀什市'],
  },
  {
    id: 'urumqi',
    name: 'Urumqi',
    kind: 'city',
    countries: ['CN'],
    lat: 43.83,
    lon: 87.62, // en.wikipedia.org/wiki/Ürümqi: 43.83, 87.60
    ru: 'Урумчи',
    zh: '乌鲁木齐',
    aliases: ['Ürümqi', 'Urumchi'],
  },
  {
    id: 'yining',
    name: 'Yining (Ghulja)',
    kind: 'city',
    countries: ['CN'],
    lat: 43.91,
    lon: 81.32, // en.wikipedia.org/wiki/Yining: 43.91, 81.28
    ru: 'Кульджа',
    zh: '伊宁',
    aliases: ['Yining', 'Ghulja', 'Kulja', 'Инин'],
  },
  {
    id: 'tashkurgan',
    name: 'Tashkurgan',
    kind: 'city',
    countries: ['CN'],
    lat: 37.77,
    lon: 75.23, // en.wikipedia.org/wiki/Tashkurgan: 37.77, 75.22
    ru: 'Ташкурган',
    zh: '塔什库尔干',
    aliases: ['Taxkorgan', 'Tashkorgan'],
  },
  {
    id: 'murghab',
    name: 'Murghab',
    kind: 'city',
    countries: ['TJ'],
    lat: 38.17,
    lon: 73.96, // en.wikipedia.org/wiki/Murghab,_Tajikistan: 38.17, 73.97
    ru: 'Мургаб',
    zh: '穆尔加布',
    aliases: ['Murgab', 'Murghob'],
  },
  {
    id: 'ishkashim',
    name: 'Ishkashim',
    kind: 'city',
    countries: ['TJ'],
    lat: 36.73,
    lon: 71.61, // en.wikipedia.org/wiki/Ishkoshim,_Tajikistan: 36.73, 71.61
    ru: 'Ишкашим',
    zh: '伊什卡希姆',
    aliases: ['Ishkoshim'],
  },
  // Bases and outposts
  {
    id: 'shaymak',
    name: 'Shaymak',
    kind: 'outpost',
    countries: ['TJ', 'CN'],
    lat: 37.87,
    lon: 74.37, // no source found for the village; the Washington Post (2019) puts a Chinese post near it
    ru: 'Шаймак',
    zh: '沙伊马克',
    aliases: ['Shaimak'],
    approximate: true,
  },
  {
    id: 'gbao-chinese-outpost',
    name: 'Chinese-funded outpost in Gorno-Badakhshan (near the Wakhan)',
    kind: 'outpost',
    countries: ['TJ', 'CN'],
    lat: 37.41,
    lon: 74.62, // no published position; only described in the press
    ru: 'китайская застава в ГБАО',
    zh: '塔吉克斯坦中国哨所',
    aliases: ['Chinese base in Tajikistan', 'Chinese outpost in Tajikistan', 'китайская база в Таджикистане'],
    approximate: true,
  },
  {
    id: 'kant',
    name: 'Kant air base',
    kind: 'base',
    countries: ['KG', 'RU'],
    lat: 42.85,
    lon: 74.85, // en.wikipedia.org/wiki/Kant_(air_base): 42.85, 74.85
    ru: 'авиабаза Кант',
    zh: '坎特空军基地',
    aliases: ['Kant airbase', 'Kant base', 'Kant air field', 'база Кант', '坎特基地'],
  },
  {
    id: 'ayni',
    name: 'Ayni (Gissar) air base',
    kind: 'base',
    countries: ['TJ'],
    lat: 38.51,
    lon: 68.68, // en.wikipedia.org/wiki/Ayni_Air_Base: 38.51, 68.68
    ru: 'аэродром Айни',
    zh: '艾尼空军基地',
    aliases: [
      'Ayni air base',
      'Ayni airbase',
      'Gissar air base',
      'Gissar airbase',
      'Hisor air base',
      'авиабаза Айни',
      'аэродром Гиссар',
      'авиабаза Гиссар',
    ],
  },
  {
    id: 'russia-201st-base',
    name: '201st Russian military base (Dushanbe)',
    kind: 'base',
    countries: ['TJ', 'RU'],
    lat: 38.55,
    lon: 68.8, // no published position; a point in Dushanbe, one of its garrisons (Asia-Plus)
    ru: '201-я российская военная база',
    zh: '俄罗斯第201军事基地',
    aliases: ['201st military base', '201st base', '201-я военная база', '201-й военной базы', '201-й базы'],
    approximate: true,
  },
];

export const PLACE_IDS: ReadonlySet<string> = new Set(PLACES.map((p) => p.id));

export function placeById(id: string): PlaceDefinition | undefined {
  return PLACE_BY_ID.get(id);
}

const PLACE_BY_ID = new Map(PLACES.map((p) => [p.id, p]));

/** The place as entries carry it. */
export function placeRef(place: PlaceDefinition): Place {
  return { id: place.id, name: place.name, lat: place.lat, lon: place.lon };
}
