import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** Stones: the inventory of stones and pebbles, stone pages, Generate QR and its printable sheets. */
export const stones: ServerModule = { name: 'stones', routes };

export { searchStones } from './service/search-stones.ts';
