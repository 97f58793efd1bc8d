import type { SeedEntry } from '../seed-types';

/**
 * The curated seed timeline. Every entry rests on verbatim quotes from the registered documents
 * (see documents.ts); dates are never more precise than those documents allow.
 *
 * Locators count body paragraphs of the article, leaving out headlines, bylines, captions,
 * standfirsts and page furniture. Document 001 is a single-paragraph review, so its locators
 * count sentences of that paragraph.
 */

const EURASIANET = 'eurasianet-2024-04-11';
const FPRI_REVIEW = 'geopolitical-compass-fpri-report-review';
const TACTICS = 'tactics-beijing-counterterrorism-central-asia';
const DIPLOMAT = 'diplomat-china-kyrgyzstan-ties-warm';
const CHINA_DAILY = 'chinadaily-2025-06-18';

/** The Diplomat piece is undated; Meng Jianzhu's term as public security minister (2007–2012) bounds it. */
const DIPLOMAT_UNDATED_RANGE = { start: '2008', end: '2012', precision: 'range' } as const;

export const SEED_ENTRIES: readonly SeedEntry[] = [
  // ---------------------------------------------------------------- Eurasianet, 11 April 2024
  {
    key: 'cn-uz-wang-xiaohong-tashkent-visit-2024-04',
    title: 'Chinese Public Security Minister Wang Xiaohong holds talks in Tashkent with Mirziyoyev and Interior Minister Bobojonov',
    summary:
      'China’s minister of public security, Wang Xiaohong, visited Tashkent in early April 2024 and met Uzbek President Shavkat Mirziyoyev and Interior Minister Pulat Bobojonov. Xinhua quoted Wang as calling the current state of Chinese–Uzbek relations a “golden era”.',
    date: { start: '2024-04', precision: 'month' },
    countries: ['CN', 'UZ'],
    actors: [
      'Wang Xiaohong',
      'Ministry of Public Security (China)',
      'Shavkat Mirziyoyev',
      'Pulat Bobojonov',
      'Ministry of Internal Affairs (Uzbekistan)',
    ],
    categories: ['diplomacy', 'policing'],
    sources: [
      {
        document: EURASIANET,
        locator: 'paragraph 2',
        quote:
          'During his Tashkent visit in early April, Wang, whose official title is minister of public security, held talks with Uzbek President Shavkat Mirziyoyev and Interior Minister Pulat Bobojonov.',
      },
      {
        document: EURASIANET,
        locator: 'paragraph 6',
        quote: 'Xinhua, meanwhile, quoted Wang as saying Chinese-Uzbek relations were enjoying a “golden era.”',
      },
    ],
  },
  {
    key: 'cn-uz-security-cooperation-agreement-2024-25',
    title: 'China and Uzbekistan sign enhanced security cooperation agreement covering 2024–25',
    summary:
      'Wang Xiaohong’s April 2024 visit to Tashkent ended with an enhanced China–Uzbekistan security cooperation agreement for 2024–25. According to Xinhua, the two sides will coordinate against the “three evils” (terrorism, separatism and religious extremism) and against transnational crime; the Uzbek presidential press service added joint events, training of specialists and the sharing of information technologies and investigative methods.',
    date: { start: '2024-04', precision: 'month' },
    countries: ['CN', 'UZ'],
    actors: ['Wang Xiaohong', 'Ministry of Public Security (China)', 'Ministry of Internal Affairs (Uzbekistan)'],
    categories: ['diplomacy', 'counter-terrorism', 'policing'],
    sources: [
      {
        document: EURASIANET,
        locator: 'paragraph 2',
        quote: 'The outcome was the signing of an enhanced security cooperation agreement covering 2024-25.',
      },
      {
        document: EURASIANET,
        locator: 'paragraph 3',
        quote:
          'the two countries will strive to coordinate actions to combat the so-called “three evils” – terrorism, separatism and religious extremism. In addition, they intend to join forces to combat transnational criminal activity.',
      },
      {
        document: EURASIANET,
        locator: 'paragraph 5',
        quote:
          'Uzbek authorities said the two countries’ security forces will hold “joint events” and conduct trainings for “qualified specialists,”',
      },
      {
        document: EURASIANET,
        locator: 'paragraph 5',
        quote: 'Closer cooperation will also entail the sharing of information technologies and investigative methods.',
      },
    ],
  },
  {
    key: 'cn-uz-cybercrime-forensics-criminology-institute-2024',
    title: 'Uzbekistan says security cooperation with China will cover drugs, cybercrime and digital forensics, and a joint criminology institute',
    summary:
      'Uzbekistan’s Interior Ministry said the expanded cooperation with China agreed in April 2024 will extend to drug trafficking and other transnational crime, cybercrime and digital forensic capacity, and that the two countries will look into creating a joint Research Institute of Criminology. The ministry described existing exchanges of information, personnel training and visits between the two ministries as already intensive.',
    date: { start: '2024-04', precision: 'month' },
    countries: ['CN', 'UZ'],
    actors: ['Ministry of Internal Affairs (Uzbekistan)'],
    categories: ['policing', 'information-security'],
    sources: [
      {
        document: EURASIANET,
        locator: 'paragraph 7',
        quote:
          'The Interior Ministry noted that expanded security cooperation will extend to combatting drug trafficking and other forms of transnational crime, as well as fighting cybercrime and improving digital forensic capabilities.',
      },
      {
        document: EURASIANET,
        locator: 'paragraph 7',
        quote: 'the two countries will explore establishing a joint Research Institute of Criminology.',
      },
      {
        document: EURASIANET,
        locator: 'paragraph 6',
        quote:
          '“The exchange of information and mutual experience between [Uzbek and Chinese] ministries, advanced training of personnel, and bilateral visits are intensively carried out,”',
      },
    ],
  },

  // ------------------------------------- Geopolitical Compass review of the FPRI report (April 2022)
  {
    key: 'cn-ca-trade-1991',
    title: 'China–Central Asia trade totals $463 million in 1991',
    summary:
      'According to figures from a 2022 Foreign Policy Research Institute report, as summarised in a Geopolitical Compass review, trade between China and Central Asia amounted to $463 million in 1991.',
    date: { start: '1991', precision: 'year' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['economy'],
    sources: [
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 5',
        quote:
          'bilateral trade between China and Central Asia jumped from $463 million in 1991 to $2.3 billion in 2002, then to $50.2 billion in 2013',
      },
    ],
  },
  {
    key: 'cn-ca-trade-2002',
    title: 'China–Central Asia trade reaches $2.3 billion in 2002',
    summary:
      'Trade between China and Central Asia stood at $2.3 billion in 2002, up from $463 million in 1991, according to a 2022 Foreign Policy Research Institute report as summarised in a Geopolitical Compass review.',
    date: { start: '2002', precision: 'year' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['economy'],
    sources: [
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 5',
        quote:
          'bilateral trade between China and Central Asia jumped from $463 million in 1991 to $2.3 billion in 2002, then to $50.2 billion in 2013',
      },
    ],
  },
  {
    key: 'cn-ca-trade-2013',
    title: 'China–Central Asia trade reaches $50.2 billion in 2013',
    summary:
      'Trade between China and Central Asia reached $50.2 billion in 2013, according to a 2022 Foreign Policy Research Institute report as summarised in a Geopolitical Compass review, which also cites a goal of $70 billion in trade by 2030.',
    date: { start: '2013', precision: 'year' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['economy'],
    sources: [
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 5',
        quote:
          'bilateral trade between China and Central Asia jumped from $463 million in 1991 to $2.3 billion in 2002, then to $50.2 billion in 2013',
      },
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 6',
        quote: 'The aim is to boost trade to $70 billion by 2030.',
      },
    ],
  },
  {
    key: 'cn-ca-regional-security-agreements-by-2022',
    title: 'China and Central Asian states commit to at least four regional agreements on customs, weapons, organised crime and border defence',
    summary:
      'A Foreign Policy Research Institute report dated 1 April 2022, as reviewed by Geopolitical Compass, counts at least four regional agreements between China and the Central Asian republics, covering customs, weaponry, transnational organised crime and border defence. The review does not date the individual agreements; the range runs from the republics’ independence after the Soviet collapse to the report’s date.',
    date: { start: '1991', end: '2022-04-01', precision: 'range' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['diplomacy', 'border-security', 'policing'],
    sources: [
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 8',
        quote:
          'China and the brotherly Central Asian republics have committed to at least four regional agreements on customs, weaponry, transnational organized crime, and border defense.',
      },
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 2',
        quote: 'since the early 1990s after the dissolution of the Soviet Union',
      },
      {
        document: FPRI_REVIEW,
        locator: 'report details',
        quote: 'Date/Place: April 1, 2022 / USA',
      },
    ],
  },
  {
    key: 'cn-af-taliban-engagement-security-guarantees-2022',
    title: 'FPRI report: Beijing engages the returned Taliban more often to seek security guarantees',
    summary:
      'A Foreign Policy Research Institute report dated April 2022, as reviewed by Geopolitical Compass, says the Taliban’s return in Afghanistan has reinforced Beijing’s concern over Xinjiang (which the review calls East Turkistan) and that Beijing has engaged the Taliban more frequently to obtain security guarantees. The review dates neither the Taliban’s return nor specific contacts, so the entry is dated to the report.',
    date: { start: '2022-04', precision: 'month' },
    countries: ['CN', 'AF'],
    actors: ['Taliban'],
    categories: ['diplomacy', 'counter-terrorism'],
    sources: [
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 12',
        quote:
          'East Turkistan remains at the core of China’s security concerns which have been cemented by the return of the Taliban in Afghanistan, with which Beijing has engaged more frequently to seek security guarantees.',
      },
      {
        document: FPRI_REVIEW,
        locator: 'report details',
        quote: 'Date/Place: April 1, 2022 / USA',
      },
    ],
  },

  // ----------------------------------------------- TACTICS Institute (undated; latest event March 2020)
  {
    key: 'sco-founded-2001',
    title: 'Shanghai Cooperation Organisation is established as successor to the Shanghai Five',
    summary:
      'The SCO was created in 2001 to succeed the “Shanghai Five”, with security cooperation – notably against what China terms the “three evils” of terrorism, separatism and religious extremism – as its main aim. The TACTICS Institute article says the organisation channels its counter-terrorism work mainly through its Regional Anti-Terrorist Structure (RATS).',
    date: { start: '2001', precision: 'year' },
    countries: ['CN', 'RU', 'KZ', 'KG', 'TJ', 'UZ'],
    actors: ['Shanghai Cooperation Organisation', 'Shanghai Five', 'SCO Regional Anti-Terrorist Structure'],
    categories: ['multilateral', 'counter-terrorism'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 2',
        quote:
          'Established in 2001 as a successor to the “Shanghai Five,” the SCO is a multilateral platform with a primary objective of security-related cooperation among partners',
      },
      {
        document: TACTICS,
        locator: 'paragraph 2',
        quote:
          'The SCO’s counterterrorism ambitions are largely funnelled through the Regional Anti-Terrorist Structure (RATS).',
      },
    ],
  },
  {
    key: 'sco-qingdao-summit-intelligence-extradition-guidelines-2018',
    title: 'SCO Qingdao summit introduces guidelines on intelligence sharing and terrorism-related extraditions',
    summary:
      'New guidelines were introduced at the SCO’s 2018 summit in Qingdao, China, intended to expand intelligence sharing and to ease extraditions between member states of people with terrorism backgrounds.',
    date: { start: '2018', precision: 'year' },
    countries: ['CN', 'RU', 'KZ', 'KG', 'TJ', 'UZ'],
    actors: ['Shanghai Cooperation Organisation'],
    categories: ['multilateral', 'counter-terrorism', 'policing'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 3',
        quote:
          'In 2018, during the SCO Qingdao summit, new guidelines were introduced that were intended to increase intelligence sharing and facilitate extraditions between member states based on terrorism backgrounds.',
      },
    ],
  },
  {
    key: 'sco-joint-exercises-central-asia-2002-2019',
    title: 'China takes part in 10 SCO joint exercises in Central Asia between 2002 and 2019',
    summary:
      'Through the SCO, China joined 10 joint exercises held in Central Asia from 2002 to 2019. The TACTICS Institute article assesses that these drills gave Chinese security forces operational experience and helped Beijing project power and influence beyond its borders.',
    date: { start: '2002', end: '2019', precision: 'range' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'UZ'],
    actors: ['Shanghai Cooperation Organisation'],
    categories: ['military-exercise', 'multilateral'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 3',
        quote:
          'Through the SCO, China has participated in 10 joint exercises in Central Asia between 2002 and 2019—exercises that helped Chinese security forces gain important operational experience and project power and influence far beyond China’s borders.',
      },
    ],
  },
  {
    key: 'unsc-csto-cis-sco-counter-terrorism-discussion-2019-09',
    title: 'UN Security Council discusses the CSTO, CIS and SCO’s role in countering terrorist threats',
    summary:
      'In September 2019 the UN Security Council held a discussion on what the Collective Security Treaty Organization, the Commonwealth of Independent States and the SCO contribute to countering terrorism. The TACTICS Institute article cites it, alongside a China-led 2020 Security Council statement on terrorism in Africa, as a sign of more proactive Chinese attention to counter-terrorism in multilateral bodies.',
    date: { start: '2019-09', precision: 'month' },
    countries: ['CN', 'RU', 'KZ', 'KG', 'TJ', 'UZ'],
    actors: [
      'United Nations Security Council',
      'Collective Security Treaty Organization',
      'Commonwealth of Independent States',
      'Shanghai Cooperation Organisation',
    ],
    categories: ['multilateral', 'counter-terrorism'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 4',
        quote:
          'In September 2019, the UN Security Council hosted a discussion on the contribution of the Collective Security Treaty Organization, Commonwealth of Independent States, and Shanghai Cooperation Organization in opposing terrorist threats.',
      },
      {
        document: TACTICS,
        locator: 'paragraph 4',
        quote: 'In March 2020, it was China that spearheaded a Security Council Presidential Statement on terrorism in Africa',
      },
      {
        document: TACTICS,
        locator: 'paragraph 4',
        quote: 'These are reflective of more proactive Chinese attention in multilateral organizations',
      },
    ],
  },
  {
    key: 'cn-ca-bilateral-military-exercises-2014-2019',
    title: 'China holds at least 10 bilateral military exercises with Central Asian states, 2014–2019',
    summary:
      'China carried out at least 10 bilateral military exercises with Central Asian countries between 2014 and 2019, according to the TACTICS Institute article, which does not name the partner states.',
    date: { start: '2014', end: '2019', precision: 'range' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['military-exercise'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 6',
        quote:
          'Between 2014 and 2019, China has performed at least 10 bilateral military exercises with Central Asian countries.',
      },
    ],
  },
  {
    key: 'cn-tj-pap-outpost-gorno-badakhshan-2016',
    title: 'Chinese People’s Armed Police operate an outpost in Tajikistan’s Gorno-Badakhshan on the Afghan border',
    summary:
      'Since 2016 China’s People’s Armed Police have used a military outpost in Tajikistan’s Gorno-Badakhshan Autonomous Region, on the border with Afghanistan, according to the TACTICS Institute article.',
    date: { start: '2016', precision: 'ongoing' },
    countries: ['CN', 'TJ'],
    actors: ["People's Armed Police (China)"],
    categories: ['military-presence', 'border-security'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 6',
        quote:
          'Since 2016, the People’s Armed Police of China has employed a military outpost in the Gorno-Badakhshan Autonomous Region on the Tajik-Afghan border.',
      },
    ],
  },
  {
    key: 'cn-kg-military-aid-16m-2014',
    title: 'China gives Kyrgyzstan $16 million in military aid',
    summary: 'In 2014 China provided Kyrgyzstan with military aid worth $16 million, the TACTICS Institute article reports.',
    date: { start: '2014', precision: 'year' },
    countries: ['CN', 'KG'],
    actors: [],
    categories: ['arms-and-aid'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 6',
        quote: 'In 2014, China delivered Kyrgyzstan with $16 million in military aid',
      },
    ],
  },
  {
    key: 'cn-tj-aid-11-border-posts-2016',
    title: 'China pledges aid to Tajikistan to build 11 border posts on the Afghan–Tajik frontier',
    summary:
      'In 2016 China pledged aid to Tajikistan for the construction of 11 border posts along its frontier with Afghanistan, according to the TACTICS Institute article, which dates it two years after China’s 2014 military aid to Kyrgyzstan.',
    date: { start: '2016', precision: 'year' },
    countries: ['CN', 'TJ'],
    actors: [],
    categories: ['border-security', 'arms-and-aid'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 6',
        quote:
          'In 2014, China delivered Kyrgyzstan with $16 million in military aid, and two years later, professed aid to Tajikistan to build 11 border posts along the Afghan-Tajik frontier.',
      },
    ],
  },
  {
    key: 'cn-kg-zhongjun-junhong-private-security-2019',
    title: 'Chinese security contractor Zhongjun Junhong has contracts with over 20 Chinese clients in Kyrgyzstan',
    summary:
      'By 2019 the Chinese private security company Zhongjun Junhong had confirmed contracts with more than 20 Chinese clients operating in Kyrgyzstan, among them state-owned China Road and Bridge Corporation, according to the TACTICS Institute article. A 2022 Foreign Policy Research Institute report, as reviewed by Geopolitical Compass, likewise describes Chinese private security firms deployed to guard Chinese investments in the region and expects this to grow.',
    date: { start: '2019', precision: 'year' },
    countries: ['CN', 'KG'],
    actors: ['Zhongjun Junhong', 'China Road and Bridge Corporation'],
    categories: ['private-security'],
    sources: [
      {
        document: TACTICS,
        locator: 'paragraph 6',
        quote:
          'By 2019, Zhongjun Junhong, a Chinese private security contractor, had confirmed contracts with over 20 Chinese clients working in Kyrgyzstan, including state-owned initiatives like the China Road and Bridge Corporation.',
      },
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 11',
        quote:
          'The spreading footprint of China in the region has led to deployment of its private security companies for security of China’s investments, and the deployment is likely to expand.',
      },
    ],
  },

  // ------------------------------------------------------------- The Diplomat (undated, 2008–2012)
  {
    key: 'cn-kg-beijing-counter-terrorism-talks-meng-jianzhu',
    title: 'Chinese and Kyrgyz senior officials meet in Beijing on closer counter-terrorism cooperation',
    summary:
      'Senior Chinese and Kyrgyz officials met in Beijing to discuss working more closely against regional terrorism; Chinese Public Security Minister Meng Jianzhu said the stronger ties would improve both countries’ capacity to prevent and fight terrorist acts. The Diplomat notes Bishkek’s wariness of being cast by Beijing as a base for ETIM militants. The article is undated; the range rests on Meng’s term as minister (2007–2012).',
    date: { ...DIPLOMAT_UNDATED_RANGE },
    countries: ['CN', 'KG'],
    actors: ['Meng Jianzhu', 'Ministry of Public Security (China)', 'East Turkistan Islamic Movement'],
    categories: ['diplomacy', 'counter-terrorism'],
    sources: [
      {
        document: DIPLOMAT,
        locator: 'paragraph 1',
        quote:
          'Earlier this week, senior leaders from China and Kyrgyzstan met in Beijing to discuss how the two countries could work more closely together in combating regional terrorism.',
      },
      {
        document: DIPLOMAT,
        locator: 'paragraph 2',
        quote:
          'Meng Jianzhu, Chinese Minister of Public Security, expressed the importance of the enhanced ties and noted that they would ‘improve the capability to prevent and fight terrorist acts',
      },
      {
        document: DIPLOMAT,
        locator: 'paragraph 4',
        quote:
          'Bishkek is wary of being labelled by Beijing as a base for militants, specifically ones from the East Turkistan Islamic Movement (ETIM)',
      },
    ],
  },
  {
    key: 'cn-kg-border-security-hotline-agreement',
    title: 'China and Kyrgyzstan agree to set up a border security hotline and closer cross-border police cooperation',
    summary:
      'The Beijing talks between Chinese and Kyrgyz officials produced an agreement to establish a border security hotline and to strengthen cooperation between law enforcement on both sides of the border. The Diplomat article is undated; the range rests on Meng Jianzhu’s term as public security minister (2007–2012).',
    date: { ...DIPLOMAT_UNDATED_RANGE },
    countries: ['CN', 'KG'],
    actors: ['Ministry of Public Security (China)'],
    categories: ['border-security', 'policing', 'diplomacy'],
    sources: [
      {
        document: DIPLOMAT,
        locator: 'paragraph 4',
        quote:
          'The discussions resulted in an agreement on setting up a border security hotline as well as improving cooperation between law enforcement officials on both sides of the border.',
      },
    ],
  },
  {
    key: 'cn-xinjiang-hotan-kashgar-violence',
    title: 'Violence in Xinjiang’s Hotan and Kashgar forms backdrop to China–Kyrgyzstan security talks',
    summary:
      'The Diplomat describes a summer of escalating violence in Xinjiang, with outbreaks in Hotan and in Kashgar, which lies under 350 km from the Kyrgyz border, as the context for Chinese–Kyrgyz counter-terrorism talks. The article is undated; the range rests on the talks’ Chinese participant Meng Jianzhu’s term as public security minister (2007–2012).',
    date: { ...DIPLOMAT_UNDATED_RANGE },
    countries: ['CN', 'KG'],
    actors: [],
    categories: ['incident'],
    sources: [
      {
        document: DIPLOMAT,
        locator: 'paragraph 3',
        quote:
          'the tense situation in Xinjiang has been escalating this summer, with violence breaking out in Hotan and Kashgar. The latter is less than 350 kilometres from the Kyrgyz border.',
      },
      {
        document: DIPLOMAT,
        locator: 'paragraph 1',
        quote: 'The meeting came against the backdrop of a violent summer in China’s north-western province of Xinjiang',
      },
    ],
  },
  {
    key: 'cn-kg-trade-fivefold-since-2004',
    title: 'China–Kyrgyzstan trade grows five-fold from 2004; free trade zones in Xinjiang discussed',
    summary:
      'The Diplomat reports that China’s trade with Kyrgyzstan had grown five-fold since 2004 and that free trade zones in Xinjiang, including Kashgar, had been discussed as a way to expand trade with Kyrgyzstan. The article is undated; the end of the range rests on Meng Jianzhu’s term as public security minister (2007–2012), during which it was written.',
    date: { start: '2004', end: '2012', precision: 'range' },
    countries: ['CN', 'KG'],
    actors: [],
    categories: ['economy'],
    sources: [
      {
        document: DIPLOMAT,
        locator: 'paragraph 6',
        quote:
          'Chinese trade with Kyrgyzstan has surged, increasing five-fold since 2004. There have also been discussions about China establishing free trade zones in Xinjiang—including Kashgar—to increase trade and cooperation with Kyrgyzstan.',
      },
    ],
  },

  // --------------------------------------------------------- China Daily (Zhu Yongbiao), 18 June 2025
  {
    key: 'sco-international-information-security-declaration-2006',
    title: 'SCO member states sign a declaration on international information security',
    summary:
      'In 2006 the SCO’s member states signed a declaration on international information security, according to a China Daily commentary by Lanzhou University’s Zhu Yongbiao.',
    date: { start: '2006', precision: 'year' },
    countries: ['CN', 'RU', 'KZ', 'KG', 'TJ', 'UZ'],
    actors: ['Shanghai Cooperation Organisation'],
    categories: ['information-security', 'multilateral'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 10',
        quote: 'SCO member states signed a declaration on international information security in 2006',
      },
    ],
  },
  {
    key: 'sco-information-security-cooperation-plan-2024',
    title: 'SCO member states sign a plan for international information security cooperation',
    summary:
      'In 2024 the SCO’s member states signed a plan for cooperation on international information security, according to a China Daily commentary by Zhu Yongbiao.',
    date: { start: '2024', precision: 'year' },
    countries: ['CN', 'RU', 'KZ', 'KG', 'TJ', 'UZ'],
    actors: ['Shanghai Cooperation Organisation'],
    categories: ['information-security', 'multilateral'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 10',
        quote: 'a plan for international information security cooperation in 2024',
      },
    ],
  },
  {
    key: 'cn-c5-data-security-cooperation-initiative-2022',
    title: 'China and the five Central Asian states launch a Data Security Cooperation Initiative',
    summary:
      'In 2022 China, Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan launched a Data Security Cooperation Initiative. A China Daily commentary presents it as following from Central Asian backing for Beijing’s Global Initiative on Data Security.',
    date: { start: '2022', precision: 'year' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['information-security', 'multilateral'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 10',
        quote:
          'Also, the Central Asian countries support the China-proposed Global Initiative on Data Security. Accordingly, China, Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan launched the Data Security Cooperation Initiative in 2022.',
      },
    ],
  },
  {
    key: 'cn-kg-tj-uz-security-equipment-supplies-since-2001',
    title: 'China supplies forensic, border inspection and patrol equipment and police arms to Kyrgyzstan, Tajikistan and Uzbekistan',
    summary:
      'A China Daily commentary by Zhu Yongbiao states that since 2001 China has supplied Kyrgyzstan, Tajikistan and Uzbekistan with forensic laboratory equipment, border inspection devices, patrol equipment and police weapons; the commentary places this capacity-building support within the SCO’s regional anti-terrorist mechanism and bilateral mechanisms.',
    date: { start: '2001', precision: 'ongoing' },
    countries: ['CN', 'KG', 'TJ', 'UZ'],
    actors: ['Shanghai Cooperation Organisation'],
    categories: ['arms-and-aid', 'border-security', 'policing'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 9',
        quote:
          "In capacity building, China provides support for the Central Asian countries through the Shanghai Cooperation Organization's regional anti-terrorist mechanism and other bilateral mechanisms.",
      },
      {
        document: CHINA_DAILY,
        locator: 'paragraph 9',
        quote:
          'Since 2001, China has provided forensic lab equipment, border inspection devices, patrol equipment, and police armaments for Kyrgyzstan, Tajikistan and Uzbekistan',
      },
    ],
  },
  {
    key: 'cn-ca-security-personnel-training-since-2001',
    title: 'China trains law enforcement, judicial and security personnel from Central Asian states',
    summary:
      'According to a June 2025 China Daily commentary, China has since 2001 trained law enforcement and judicial staff from the Central Asian countries to strengthen their border control and security governance. A 2022 Foreign Policy Research Institute report, as reviewed by Geopolitical Compass, also notes a range of training in China for Central Asian officers.',
    date: { start: '2001', precision: 'ongoing' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: [],
    categories: ['policing', 'border-security'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 9',
        quote:
          'while training law enforcement and judicial personnel from the Central Asian countries, so they could strengthen their border control capabilities and improve their security governance.',
      },
      {
        document: FPRI_REVIEW,
        locator: 'review text, sentence 10',
        quote: 'It also involves a variety of training for officers from Central Asia in China by its security grid.',
      },
    ],
  },
  {
    key: 'cn-kz-kg-tj-joint-border-defence-pamir-patrols',
    title: 'China runs joint border defence with Kazakhstan, Kyrgyzstan and Tajikistan, incl. regular patrols with Tajik troops in the Pamirs',
    summary:
      'A China Daily commentary of June 2025 says China, Kazakhstan, Kyrgyzstan and Tajikistan operate joint border defence mechanisms based on intelligence sharing, joint patrols and drills, and that Chinese and Tajik border troops patrol the Pamir Plateau together regularly. No start date is given, so the entry is dated to the commentary; an earlier TACTICS Institute article also lists joint border operations among China’s security activities in Central Asia.',
    date: { start: '2025-06', precision: 'month' },
    countries: ['CN', 'KZ', 'KG', 'TJ'],
    actors: [],
    categories: ['border-security', 'counter-terrorism'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 8',
        quote:
          'In their joint border defense mechanisms, China, and Kazakhstan, Kyrgyzstan and Tajikistan have built a "border security belt" and "firewall" through intelligence sharing, and joint patrols and drills.',
      },
      {
        document: CHINA_DAILY,
        locator: 'paragraph 8',
        quote: 'For example, Chinese and Tajik border troops conduct regular joint patrols on the Pamir Plateau.',
      },
      {
        document: TACTICS,
        locator: 'paragraph 5',
        quote: 'a military outpost, joint border operations, and the usage of private security contractors',
      },
    ],
  },
  {
    key: 'cn-ca-mechanism-consultation-channels-information-security',
    title: 'China–Central Asia mechanism holds foreign ministers’ meetings and expert working groups, incl. on information security',
    summary:
      'According to a June 2025 China Daily commentary, the China–Central Asia mechanism led by heads of state includes regular foreign ministers’ meetings and expert working group meetings whose subjects include information security and disaster prevention and mitigation. No start date is given, so the entry is dated to the commentary.',
    date: { start: '2025-06', precision: 'month' },
    countries: ['CN', 'KZ', 'KG', 'TJ', 'TM', 'UZ'],
    actors: ['China–Central Asia Cooperation Mechanism'],
    categories: ['multilateral', 'information-security', 'diplomacy'],
    sources: [
      {
        document: CHINA_DAILY,
        locator: 'paragraph 5',
        quote: 'Within the mechanism promoted by heads of state',
      },
      {
        document: CHINA_DAILY,
        locator: 'paragraph 5',
        quote:
          "China and the Central Asian countries have established regular consultation channels including foreign ministers' meetings and expert working group meetings which, among other things, focus on information security, and disaster prevention and mitigation.",
      },
    ],
  },
];
