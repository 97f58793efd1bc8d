import type { ActorDefinition } from '@app/timeline';

import type { Signal } from './lexicon-types';

/**
 * Actors the seed does not name but news about China's security role in Central Asia often does.
 * Same shape as SEED_ACTORS; together they are the actors extraction can propose. Aliases may use
 * the lexicon pattern syntax (see lexicon-types.ts); Russian words of both lists also match their
 * inflected forms (Министерства общественной безопасности КНР, Ван Сяохуна).
 */
export const EXTRA_ACTORS: readonly ActorDefinition[] = [
  // China
  {
    name: "People's Liberation Army",
    kind: 'agency',
    countries: ['CN'],
    aliases: [
      '=PLA',
      "Chinese People's Liberation Army",
      'Народно-освободительная армия Китая',
      'Народно-освободительная армия',
      '=НОАК',
      '中国人民解放军',
      '解放军',
    ],
  },
  {
    name: 'Ministry of National Defense (China)',
    kind: 'agency',
    countries: ['CN'],
    aliases: [
      'Chinese Ministry of National Defen(c|s)e',
      "China's Ministry of National Defen(c|s)e",
      'Chinese defen(c|s)e ministry',
      "China's defen(c|s)e ministry",
      'Министерство обороны КНР',
      'Министерство обороны Китая',
      'Минобороны КНР',
      'Минобороны Китая',
      '中国国防部',
      '中华人民共和国国防部',
    ],
  },
  {
    name: 'Ministry of State Security (China)',
    kind: 'agency',
    countries: ['CN'],
    aliases: [
      'Ministry of State Security',
      "China's Ministry of State Security",
      "China's state security ministry",
      'Министерство государственной безопасности КНР',
      'МГБ КНР',
      '国家安全部',
    ],
  },
  { name: 'Xi Jinping', kind: 'person', countries: ['CN'], aliases: ['=Xi', 'Си Цзиньпин', '习近平'] },
  { name: 'Wang Yi', kind: 'person', countries: ['CN'], aliases: ['Ван И', '王毅'] },
  { name: 'Li Qiang', kind: 'person', countries: ['CN'], aliases: ['Ли Цян', '李强'] },
  { name: 'Dong Jun', kind: 'person', countries: ['CN'], aliases: ['Дун Цзюнь', '董军'] },
  // Defence and public security ministers, past and present
  { name: 'Cao Gangchuan', kind: 'person', countries: ['CN'], aliases: ['Цао Ганчуань', '曹刚川'] },
  { name: 'Liang Guanglie', kind: 'person', countries: ['CN'], aliases: ['Лян Гуанле', '梁光烈'] },
  { name: 'Chang Wanquan', kind: 'person', countries: ['CN'], aliases: ['Чан Ваньцюань', '常万全'] },
  { name: 'Wei Fenghe', kind: 'person', countries: ['CN'], aliases: ['Вэй Фэнхэ', '魏凤和'] },
  { name: 'Li Shangfu', kind: 'person', countries: ['CN'], aliases: ['Ли Шанфу', '李尚福'] },
  { name: 'Zhao Kezhi', kind: 'person', countries: ['CN'], aliases: ['Чжао Кэчжи', '赵克志'] },
  { name: 'Guo Shengkun', kind: 'person', countries: ['CN'], aliases: ['Го Шэнкунь', '郭声琨'] },
  { name: 'Zhou Yongkang', kind: 'person', countries: ['CN'], aliases: ['Чжоу Юнкан', '周永康'] },
  {
    name: 'Huawei',
    kind: 'company',
    countries: ['CN'],
    aliases: ['Huawei Technologies', 'Хуавэй', 'Хуавей', '华为'],
  },

  // Central Asia
  {
    name: 'Kassym-Jomart Tokayev',
    kind: 'person',
    countries: ['KZ'],
    aliases: ['Tokayev', 'Токаев', 'Касым-Жомарт Токаев', '托卡耶夫'],
  },
  {
    name: 'Sadyr Japarov',
    kind: 'person',
    countries: ['KG'],
    aliases: ['Japarov', 'Zhaparov', 'Жапаров', 'Садыр Жапаров', '扎帕罗夫'],
  },
  {
    name: 'Emomali Rahmon',
    kind: 'person',
    countries: ['TJ'],
    aliases: ['Rahmon', 'Rakhmon', 'Рахмон', 'Эмомали Рахмон', '拉赫蒙'],
  },
  {
    name: 'Serdar Berdimuhamedov',
    kind: 'person',
    countries: ['TM'],
    aliases: ['Berdimuhamedov', 'Berdymukhamedov', 'Бердымухамедов', '别尔德穆哈梅多夫'],
  },
  {
    name: 'National Security Committee (Kazakhstan)',
    kind: 'agency',
    countries: ['KZ'],
    aliases: [
      '=KNB',
      'National Security Committee',
      "Kazakhstan's National Security Committee",
      'National Security Committee of Kazakhstan',
      '=КНБ',
      'КНБ Казахстана',
      'КНБ РК',
      'Комитет национальной безопасности',
      'Комитет национальной безопасности Казахстана',
      'Комитет национальной безопасности Республики Казахстан',
      '哈萨克斯坦国家安全委员会',
      '哈国家安全委员会',
    ],
  },
  {
    name: 'State Committee for National Security (Kyrgyzstan)',
    kind: 'agency',
    countries: ['KG'],
    aliases: [
      'Kyrgyz State Committee for National Security',
      'State Committee for National Security of Kyrgyzstan',
      "Kyrgyzstan's State Committee for National Security",
      'ГКНБ Кыргызстана',
      'ГКНБ Киргизии',
      'ГКНБ КР',
      'Государственный комитет национальной безопасности Кыргызстана',
      'Государственный комитет национальной безопасности Киргизии',
      'Государственный комитет национальной безопасности Кыргызской Республики',
      '吉尔吉斯斯坦国家安全委员会',
    ],
  },
  {
    name: 'State Committee for National Security (Tajikistan)',
    kind: 'agency',
    countries: ['TJ'],
    aliases: [
      'Tajik State Committee for National Security',
      'State Committee for National Security of Tajikistan',
      'ГКНБ Таджикистана',
      'ГКНБ РТ',
      'Государственный комитет национальной безопасности Таджикистана',
      'Государственный комитет национальной безопасности Республики Таджикистан',
      '塔吉克斯坦国家安全委员会',
    ],
  },
  {
    name: 'State Security Service (Uzbekistan)',
    kind: 'agency',
    countries: ['UZ'],
    aliases: [
      'State Security Service of Uzbekistan',
      "Uzbekistan's State Security Service",
      'Uzbek State Security Service',
      'СГБ Узбекистана',
      'Служба государственной безопасности Узбекистана',
      'Служба государственной безопасности Республики Узбекистан',
      '乌兹别克斯坦国家安全局',
    ],
  },
  {
    name: 'National Guard (Kazakhstan)',
    kind: 'agency',
    countries: ['KZ'],
    aliases: [
      'Kazakh National Guard',
      "Kazakhstan's National Guard",
      'National Guard of Kazakhstan',
      'Нацгвардия Казахстана',
      'Национальная гвардия Казахстана',
      'Национальная гвардия Республики Казахстан',
      '哈萨克斯坦国民近卫军',
    ],
  },
  {
    name: 'Border Service of Kazakhstan',
    kind: 'agency',
    countries: ['KZ'],
    aliases: [
      'Kazakh Border Service',
      "Kazakhstan's Border Service",
      'Border Service of the National Security Committee',
      'Пограничная служба КНБ',
      'Погранслужба КНБ',
      'Пограничная служба Казахстана',
      '哈萨克斯坦边防局',
    ],
  },
  {
    name: 'Ministry of Internal Affairs (Kazakhstan)',
    kind: 'agency',
    countries: ['KZ'],
    aliases: [
      'Kazakh Interior Ministry',
      "Kazakhstan's (interior ministry|Interior Ministry|Ministry of Internal Affairs)",
      'Interior Ministry of Kazakhstan',
      'МВД Казахстана',
      'МВД РК',
      '哈萨克斯坦内务部',
    ],
  },
  {
    name: 'Ministry of Internal Affairs (Kyrgyzstan)',
    kind: 'agency',
    countries: ['KG'],
    aliases: [
      'Kyrgyz Interior Ministry',
      "Kyrgyzstan's (interior ministry|Interior Ministry|Ministry of Internal Affairs)",
      'МВД Кыргызстана',
      'МВД Киргизии',
      'МВД КР',
      '吉尔吉斯斯坦内务部',
    ],
  },
  {
    name: 'Ministry of Internal Affairs (Tajikistan)',
    kind: 'agency',
    countries: ['TJ'],
    aliases: [
      'Tajik Interior Ministry',
      "Tajikistan's (interior ministry|Interior Ministry|Ministry of Internal Affairs)",
      'МВД Таджикистана',
      'МВД РТ',
      '塔吉克斯坦内务部',
    ],
  },
  {
    name: 'Ministry of Internal Affairs (Turkmenistan)',
    kind: 'agency',
    countries: ['TM'],
    aliases: ['Turkmen Interior Ministry', 'МВД Туркменистана', '土库曼斯坦内务部'],
  },

  // China, Afghanistan, Pakistan and Tajikistan: the counter-terrorism mechanism of 2016
  {
    name: 'Quadrilateral Cooperation and Coordination Mechanism',
    kind: 'organisation',
    countries: [],
    aliases: [
      'Quadrilateral Cooperation and Coordination Mechanism',
      '=QCCM',
      'Четырехсторонн* механизм* сотрудничества и координации',
      '四国机制',
      '阿中巴塔四国',
      '阿中巴塔',
    ],
  },

  // Others
  { name: 'Vladimir Putin', kind: 'person', countries: ['RU'], aliases: ['Putin', 'Путин', '普京'] },
  {
    name: 'Islamic State Khorasan Province',
    kind: 'group',
    countries: [],
    aliases: ['=ISKP', '=IS-K', '=ISIS-K', 'Islamic State Khorasan', 'ИГ-Хорасан', '伊斯兰国呼罗珊分支'],
  },
];

/**
 * Aliases that name different agencies in different countries; the one whose country the item
 * mentions is chosen, else the first. Kyrgyzstan's and Tajikistan's security committees are both
 * "ГКНБ"; the Kyrgyz one is named so far more often in English.
 */
export const AMBIGUOUS_ALIASES: readonly { alias: string; actors: readonly string[] }[] = [
  {
    alias: '=GKNB',
    actors: [
      'State Committee for National Security (Kyrgyzstan)',
      'State Committee for National Security (Tajikistan)',
    ],
  },
  {
    alias: '=ГКНБ',
    actors: [
      'State Committee for National Security (Kyrgyzstan)',
      'State Committee for National Security (Tajikistan)',
    ],
  },
  {
    alias: 'State Committee for National Security',
    actors: [
      'State Committee for National Security (Kyrgyzstan)',
      'State Committee for National Security (Tajikistan)',
    ],
  },
  {
    alias: 'Государственный комитет национальной безопасности',
    actors: [
      'State Committee for National Security (Kyrgyzstan)',
      'State Committee for National Security (Tajikistan)',
    ],
  },
  {
    alias: '国家安全委员会',
    actors: [
      'National Security Committee (Kazakhstan)',
      'State Committee for National Security (Kyrgyzstan)',
      'State Committee for National Security (Tajikistan)',
    ],
  },
];

/**
 * What an actor says beyond its country: the SCO and C+C5 are Central Asia (and C+C5 is China
 * too), RATS and ETIM are counter-terrorism, security services are security. A Chinese or Central
 * Asian actor also counts for its country (see ACTOR_COUNTRY_WEIGHT).
 */
export const ACTOR_SIGNALS: Readonly<Record<string, readonly Signal[]>> = {
  // China-led bodies are China's engagement even where the text does not say "China".
  'Shanghai Cooperation Organisation': [
    { group: 'central-asia', concept: 'SCO', weight: 0.9 },
    { group: 'china', concept: 'SCO', weight: 0.9 },
  ],
  'Shanghai Five': [
    { group: 'central-asia', concept: 'SCO', weight: 0.9 },
    { group: 'china', concept: 'SCO', weight: 0.9 },
  ],
  'SCO Regional Anti-Terrorist Structure': [
    { group: 'central-asia', concept: 'RATS', weight: 0.9 },
    { group: 'china', concept: 'SCO', weight: 0.9 },
    { group: 'security', concept: 'counter-terrorism', weight: 1 },
  ],
  'Quadrilateral Cooperation and Coordination Mechanism': [
    { group: 'china', concept: 'CN', weight: 1 },
    { group: 'central-asia', concept: 'TJ', weight: 1 },
    { group: 'security', concept: 'counter-terrorism', weight: 1 },
  ],
  'China–Central Asia Cooperation Mechanism': [
    { group: 'central-asia', concept: 'C+C5', weight: 1 },
    { group: 'china', concept: 'CN', weight: 1 },
  ],
  'Collective Security Treaty Organization': [{ group: 'negative', concept: 'russia-led', weight: -0.5 }],
  'East Turkistan Islamic Movement': [{ group: 'security', concept: 'counter-terrorism', weight: 1 }],
  'Islamic State Khorasan Province': [{ group: 'security', concept: 'counter-terrorism', weight: 1 }],
  'Ministry of Public Security (China)': [{ group: 'security', concept: 'policing', weight: 0.8 }],
  "People's Armed Police (China)": [{ group: 'security', concept: 'military', weight: 0.8 }],
  "People's Liberation Army": [{ group: 'security', concept: 'military', weight: 0.8 }],
  'Ministry of National Defense (China)': [{ group: 'security', concept: 'military', weight: 0.8 }],
  'Ministry of State Security (China)': [{ group: 'security', concept: 'intelligence', weight: 0.9 }],
  'Wang Xiaohong': [{ group: 'security', concept: 'policing', weight: 0.5 }],
  'Cao Gangchuan': [{ group: 'security', concept: 'military', weight: 0.5 }],
  'Liang Guanglie': [{ group: 'security', concept: 'military', weight: 0.5 }],
  'Chang Wanquan': [{ group: 'security', concept: 'military', weight: 0.5 }],
  'Wei Fenghe': [{ group: 'security', concept: 'military', weight: 0.5 }],
  'Li Shangfu': [{ group: 'security', concept: 'military', weight: 0.5 }],
  'Dong Jun': [{ group: 'security', concept: 'military', weight: 0.5 }],
  'Zhao Kezhi': [{ group: 'security', concept: 'policing', weight: 0.5 }],
  'Guo Shengkun': [{ group: 'security', concept: 'policing', weight: 0.5 }],
  'Zhou Yongkang': [{ group: 'security', concept: 'policing', weight: 0.5 }],
  'Meng Jianzhu': [{ group: 'security', concept: 'policing', weight: 0.5 }],
  'Zhongjun Junhong': [{ group: 'security', concept: 'private-security', weight: 1 }],
  'National Security Committee (Kazakhstan)': [{ group: 'security', concept: 'intelligence', weight: 0.9 }],
  'State Committee for National Security (Kyrgyzstan)': [
    { group: 'security', concept: 'intelligence', weight: 0.9 },
  ],
  'State Committee for National Security (Tajikistan)': [
    { group: 'security', concept: 'intelligence', weight: 0.9 },
  ],
  'State Security Service (Uzbekistan)': [{ group: 'security', concept: 'intelligence', weight: 0.9 }],
  'National Guard (Kazakhstan)': [{ group: 'security', concept: 'military', weight: 0.8 }],
  'Border Service of Kazakhstan': [{ group: 'security', concept: 'border-security', weight: 1 }],
  'Ministry of Internal Affairs (Uzbekistan)': [{ group: 'security', concept: 'policing', weight: 0.8 }],
  'Ministry of Internal Affairs (Kazakhstan)': [{ group: 'security', concept: 'policing', weight: 0.8 }],
  'Ministry of Internal Affairs (Kyrgyzstan)': [{ group: 'security', concept: 'policing', weight: 0.8 }],
  'Ministry of Internal Affairs (Tajikistan)': [{ group: 'security', concept: 'policing', weight: 0.8 }],
  'Ministry of Internal Affairs (Turkmenistan)': [{ group: 'security', concept: 'policing', weight: 0.8 }],
};

/** How much a Chinese or Central Asian actor counts for its country; companies count less. */
export const ACTOR_COUNTRY_WEIGHT: Readonly<Record<ActorDefinition['kind'], number>> = {
  person: 1,
  agency: 1,
  organisation: 1,
  company: 0.8,
  group: 0,
};
