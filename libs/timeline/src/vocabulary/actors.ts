import type { CountryCode } from './vocabulary';

/** A named actor with the spellings news uses for it (English, Russian, Chinese). */
export interface ActorDefinition {
  name: string;
  kind: 'person' | 'agency' | 'organisation' | 'company' | 'group';
  countries: CountryCode[];
  aliases: string[];
}

/**
 * Canonical actors referenced by SEED_ENTRIES. `countries` is the actor's home state, if any
 * (empty for intergovernmental bodies and transnational groups). Aliases feed actor recognition
 * in English, Russian and Chinese news; the canonical name itself is not repeated there.
 */
export const SEED_ACTORS: readonly ActorDefinition[] = [
  // People
  {
    name: 'Wang Xiaohong',
    kind: 'person',
    countries: ['CN'],
    aliases: ['Minister Wang Xiaohong', 'Ван Сяохун', '王小洪'],
  },
  {
    name: 'Meng Jianzhu',
    kind: 'person',
    countries: ['CN'],
    aliases: ['Мэн Цзяньчжу', '孟建柱'],
  },
  {
    name: 'Shavkat Mirziyoyev',
    kind: 'person',
    countries: ['UZ'],
    aliases: [
      'Mirziyoyev',
      'Shavkat Mirziyoev',
      'President Mirziyoyev',
      'Шавкат Мирзиёев',
      'Мирзиёев',
      '米尔济约耶夫',
      '沙夫卡特·米尔济约耶夫',
    ],
  },
  {
    name: 'Pulat Bobojonov',
    kind: 'person',
    countries: ['UZ'],
    aliases: ['Bobojonov', 'Pulat Bobozhonov', 'Pulat Bobojanov', 'Пулат Бобожонов', 'Бобожонов'],
  },

  // State agencies
  {
    name: 'Ministry of Public Security (China)',
    kind: 'agency',
    countries: ['CN'],
    aliases: [
      'Ministry of Public Security',
      'Chinese Ministry of Public Security',
      "Ministry of Public Security of the People's Republic of China",
      "China's Ministry of Public Security",
      'MPS',
      'Министерство общественной безопасности КНР',
      'Министерство общественной безопасности Китая',
      'МОБ КНР',
      '公安部',
      '中华人民共和国公安部',
      '中国公安部',
    ],
  },
  {
    name: "People's Armed Police (China)",
    kind: 'agency',
    countries: ['CN'],
    aliases: [
      "People's Armed Police",
      'People’s Armed Police',
      "Chinese People's Armed Police Force",
      "People's Armed Police Force",
      'PAP',
      'Народная вооружённая полиция Китая',
      'Народная вооруженная полиция КНР',
      '中国人民武装警察部队',
      '武警部队',
      '武警',
    ],
  },
  {
    name: 'Ministry of Internal Affairs (Uzbekistan)',
    kind: 'agency',
    countries: ['UZ'],
    aliases: [
      'Uzbek Interior Ministry',
      'Interior Ministry of Uzbekistan',
      'Uzbek Ministry of Internal Affairs',
      'Ministry of Internal Affairs of the Republic of Uzbekistan',
      'МВД Узбекистана',
      'МВД Республики Узбекистан',
      'Министерство внутренних дел Республики Узбекистан',
      '乌兹别克斯坦内务部',
    ],
  },

  // Multilateral bodies and mechanisms
  {
    name: 'Shanghai Cooperation Organisation',
    kind: 'organisation',
    countries: [],
    aliases: [
      'SCO',
      'Shanghai Cooperation Organization',
      'ШОС',
      'Шанхайская организация сотрудничества',
      '上海合作组织',
      '上合组织',
    ],
  },
  {
    name: 'SCO Regional Anti-Terrorist Structure',
    kind: 'organisation',
    countries: [],
    aliases: [
      'RATS',
      'SCO RATS',
      'RATS SCO',
      'Regional Anti-Terrorist Structure',
      'Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization',
      'РАТС ШОС',
      'Региональная антитеррористическая структура ШОС',
      'Региональная антитеррористическая структура',
      '上海合作组织地区反恐怖机构',
      '上合组织地区反恐怖机构',
      '地区反恐怖机构',
    ],
  },
  {
    name: 'Shanghai Five',
    kind: 'organisation',
    countries: [],
    aliases: ['Shanghai 5', 'Шанхайская пятёрка', 'Шанхайская пятерка', '上海五国'],
  },
  {
    name: 'China–Central Asia Cooperation Mechanism',
    kind: 'organisation',
    countries: [],
    aliases: [
      'C+C5',
      'China-Central Asia Cooperation Mechanism',
      'China–Central Asia mechanism',
      'China-Central Asia mechanism',
      'China–Central Asia Summit',
      'China-Central Asia Summit',
      'Central Asia–China Summit',
      'Central Asia-China Summit',
      "China-Central Asia Foreign Ministers' Meeting",
      'Центральная Азия – Китай',
      'Центральная Азия — Китай',
      'Китай – Центральная Азия',
      'Китай — Центральная Азия',
      '中国—中亚峰会',
      '中国-中亚峰会',
      '中国—中亚机制',
      '中国—中亚合作机制',
      '中国—中亚外长会晤',
    ],
  },
  {
    name: 'United Nations Security Council',
    kind: 'organisation',
    countries: [],
    aliases: [
      'UN Security Council',
      'U.N. Security Council',
      'UNSC',
      'Совет Безопасности ООН',
      'Совбез ООН',
      'СБ ООН',
      '联合国安理会',
      '联合国安全理事会',
    ],
  },
  {
    name: 'Collective Security Treaty Organization',
    kind: 'organisation',
    countries: [],
    aliases: [
      'CSTO',
      'Collective Security Treaty Organisation',
      'ОДКБ',
      'Организация Договора о коллективной безопасности',
      '集体安全条约组织',
      '集安组织',
    ],
  },
  {
    name: 'Commonwealth of Independent States',
    kind: 'organisation',
    countries: [],
    aliases: ['CIS', 'СНГ', 'Содружество Независимых Государств', '独立国家联合体', '独联体'],
  },

  // Companies
  {
    name: 'Zhongjun Junhong',
    kind: 'company',
    countries: ['CN'],
    aliases: ['Zhongjun Junhong Group', 'Zhongjun Junhong Security', '中军军弘', '中军军弘集团'],
  },
  {
    name: 'China Road and Bridge Corporation',
    kind: 'company',
    countries: ['CN'],
    aliases: [
      'CRBC',
      'China Road & Bridge Corporation',
      'China Road and Bridge Corp',
      'Китайская дорожно-мостовая корпорация',
      '中国路桥',
      '中国路桥工程有限责任公司',
    ],
  },

  // Non-state groups
  {
    name: 'East Turkistan Islamic Movement',
    kind: 'group',
    countries: [],
    aliases: [
      'ETIM',
      'East Turkestan Islamic Movement',
      'Исламское движение Восточного Туркестана',
      'ИДВТ',
      '东突厥斯坦伊斯兰运动',
      '东伊运',
    ],
  },
  {
    name: 'Taliban',
    kind: 'group',
    countries: ['AF'],
    aliases: [
      'the Taliban',
      'Taleban',
      'Afghan Taliban',
      'Islamic Emirate of Afghanistan',
      'Талибан',
      'движение «Талибан»',
      'талибы',
      '塔利班',
      '阿富汗塔利班',
    ],
  },
];
