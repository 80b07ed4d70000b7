import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CampaignIdParams,
  CampaignResponse,
  CampaignsExportQuery,
  CampaignsQuery,
  CampaignsResponse,
  TransitionBody,
} from '../../../contracts/campaigns.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { CAMPAIGN_EXPORT_COLUMNS } from './export.ts';
import { listCampaigns, transitionCampaign } from './service.ts';

const errors = ERROR_RESPONSES;

/** Campaigns across all teams: every staff role may look; moving one needs manage_community. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, keys } = app.mc;
  const { db } = database;

  app.get(
    '/api/admin/campaigns',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { querystring: CampaignsQuery, response: { 200: CampaignsResponse, ...errors } },
    },
    async (request) => listCampaigns(await readerFor(request), request.query, { cursorKey: keys.cursor }),
  );

  app.get(
    '/api/admin/campaigns/export',
    {
      config: { guard: 'view_users' },
      schema: { querystring: CampaignsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'campaigns',
        filter: request.query,
        columns: CAMPAIGN_EXPORT_COLUMNS,
        pages: listPages((paging) =>
          listCampaigns(reader, { ...request.query, ...paging }, { cursorKey: keys.cursor }),
        ),
      });
    },
  );

  app.post(
    '/api/admin/campaigns/:id/transition',
    {
      config: { guard: 'manage_community', idempotent: true },
      schema: {
        params: CampaignIdParams,
        body: TransitionBody,
        response: { 200: CampaignResponse, ...errors },
      },
    },
    async (request) => ({
      campaign: await transitionCampaign(
        database,
        request.context,
        request.params.id,
        request.body,
        request.idempotency,
      ),
    }),
  );
};
