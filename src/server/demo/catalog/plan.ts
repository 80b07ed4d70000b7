import type { DemoPlan, DemoStep } from '../steps.ts';

/** What the catalog steps are told. */
export type CatalogPlan = DemoPlan & {
  /** Products besides the submissions' own (the twelve the demo orders sell are among them). */
  products: number;
  submissions: number;
  searchQueries: number;
};

/** The counts `seedDemoCatalog` reports, each one a step's. */
export type CatalogCount =
  | 'categories'
  | 'products'
  | 'productCategories'
  | 'orderItemsLinked'
  | 'searchQueries'
  | 'submissions'
  | 'submissionProducts'
  | 'attachments';

export type CatalogStep = DemoStep<CatalogPlan, CatalogCount>;

/** The demo categories, in order (`c` is the position): name, slug, the nouns its products are made of. */
export const DEMO_CATEGORIES: [name: string, slug: string, nouns: string[]][] = [
  ['Apparel', 'apparel', ['tee', 'hoodie', 'cap', 'beanie', 'jacket', 'socks']],
  ['Drinkware', 'drinkware', ['mug', 'tumbler', 'water bottle', 'espresso cup', 'flask']],
  ['Stickers & Patches', 'stickers-patches', ['sticker pack', 'patch', 'decal', 'pin']],
  ['Prints & Posters', 'prints-posters', ['poster', 'art print', 'star map', 'postcard set']],
  ['Stationery', 'stationery', ['notebook', 'pen set', 'planner', 'desk mat']],
  [
    'Hardware Kits',
    'hardware-kits',
    ['sensor kit', 'radio kit', 'solder kit', 'antenna', 'ground station kit'],
  ],
  ['Subscriptions', 'subscriptions', ['plan', 'membership', 'course pass']],
  ['Audio', 'audio', ['headset', 'speaker', 'earbuds']],
];

/** The primary category (position in DEMO_CATEGORIES, from 1) of each of the members seed's PRODUCTS. */
export const NAMED_PRODUCT_CATEGORY: Record<string, number> = {
  'Mission patch': 3,
  'Telemetry mug': 2,
  'Orbital hoodie': 1,
  'Star chart poster': 4,
  'Flight log notebook': 5,
  'Launch pad tee': 1,
  'Pro plan (1 month)': 7,
  'Pro plan (1 year)': 7,
  'Ground station kit': 6,
  'Mission control headset': 8,
  'Rocket sticker pack': 3,
  'Capsule water bottle': 2,
};

export const ADJECTIVES = [
  'Orbital',
  'Lunar',
  'Solar',
  'Apollo',
  'Gemini',
  'Mercury',
  'Nebula',
  'Comet',
  'Aurora',
  'Telemetry',
  'Launch',
  'Zero-G',
  'Deep Space',
  'Retro',
  'Rover',
  'Satellite',
];

export const DESCRIPTIONS = [
  'Made for long night shifts at the console.',
  'Limited run, printed on recycled stock.',
  'Organic cotton, relaxed fit.',
  'Dishwasher safe; keeps coffee hot through a launch window.',
  'Ships in a reusable tin.',
  'Designed by the community, voted in by members.',
  'Water resistant and built to travel.',
  'Includes a printed quick-start guide.',
];

/** Searches shoppers type: most find something, a few (the last ones) find nothing. */
export const SEARCH_TERMS = [
  'hoodie',
  'mug',
  'poster',
  'sticker',
  'patch',
  'notebook',
  'kit',
  'headset',
  'pro plan',
  'lunar',
  'apollo tee',
  'water bottle',
  'orbital',
  'gift',
  'jetpack',
  'telescope',
];

export const ATTACHMENTS: [filename: string, contentType: string][] = [
  ['notes.txt', 'text/plain'],
  ['spec-sheet.txt', 'text/plain'],
  ['pricing.csv', 'text/csv'],
  ['dimensions.csv', 'text/csv'],
  ['description.md', 'text/markdown'],
];
