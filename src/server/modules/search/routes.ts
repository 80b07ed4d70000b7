import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { SearchQuery, SearchResponse } from '../../../contracts/search.ts';
import { readerFor } from '../../platform/reads.ts';
import { searchProducts } from '../catalog/index.ts';
import { searchMissions } from '../missions/index.ts';
import { searchStones } from '../stones/index.ts';
import { searchMembers } from '../users/index.ts';

export const routes: FastifyPluginAsyncZod = async (app) => {
  const { keys } = app.mc;

  // Every staff role may see members, missions and stones (view_users, view_activity); products
  // only with view_catalog. Each list is searched by its own module, masked as its list is.
  app.get(
    '/api/admin/search',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { querystring: SearchQuery, response: { 200: SearchResponse, ...ERROR_RESPONSES } },
    },
    async (request) => {
      const role = request.session!.role;
      const { q } = request.query;
      const db = await readerFor(request);
      const [members, missions, products, stones] = await Promise.all([
        searchMembers(db, q, { cursorKey: keys.checkpoint }),
        hasPermission(role, 'view_activity')
          ? searchMissions(db, q, { canViewPii: hasPermission(role, 'view_pii') })
          : null,
        hasPermission(role, 'view_catalog') ? searchProducts(db, q, { cursorKey: keys.checkpoint }) : null,
        searchStones(db, q, { cursorKey: keys.cursor }),
      ]);
      return { members, missions, products, stones };
    },
  );
};
