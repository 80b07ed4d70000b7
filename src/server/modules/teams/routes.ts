import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import {
  TeamIdParams,
  TeamResponse,
  TeamsExportQuery,
  TeamsQuery,
  TeamsResponse,
} from '../../../contracts/teams.ts';
import { AppError } from '../../errors.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { TEAM_EXPORT_COLUMNS } from './export.ts';
import { listTeams, loadTeam } from './service.ts';

const errors = ERROR_RESPONSES;

/** People & Teams: every staff role may look (view_users), as in the Users tab. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, keys } = app.mc;
  const { db } = database;

  app.get(
    '/api/admin/teams',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { querystring: TeamsQuery, response: { 200: TeamsResponse, ...errors } },
    },
    async (request) => listTeams(await readerFor(request), request.query, { cursorKey: keys.cursor }),
  );

  app.get(
    '/api/admin/teams/export',
    {
      config: { guard: 'view_users' },
      schema: { querystring: TeamsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'teams',
        filter: request.query,
        columns: TEAM_EXPORT_COLUMNS,
        pages: listPages((paging) =>
          listTeams(reader, { ...request.query, ...paging }, { cursorKey: keys.cursor }),
        ),
      });
    },
  );

  app.get(
    '/api/admin/teams/:id',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { params: TeamIdParams, response: { 200: TeamResponse, ...errors } },
    },
    async (request) => {
      const team = await loadTeam(db, request.params.id);
      if (!team) throw new AppError('not_found', `No team ${request.params.id}`);
      return team;
    },
  );
};
