import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import {
  CreateDraftsBody,
  DraftIdParams,
  DraftResponse,
  DraftsQuery,
  DraftsResponse,
  DraftVersionBody,
  PreviewQuery,
  SendDraftsBody,
  SendDraftsResponse,
  StragglersPreview,
  StragglerTemplates,
  UpdateDraftBody,
} from '../../../contracts/stragglers.ts';
import {
  changeDraft,
  createDrafts,
  listDrafts,
  previewStragglers,
  readTemplates,
  saveTemplates,
  sendDrafts,
} from './service.ts';

const errors = ERROR_RESPONSES;
const base = '/api/admin/actions/catch-stragglers';

/** Catch Stragglers: find idle students, draft tone-tagged messages, approve each, then send. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, discord, mailer } = app.mc;
  const { db } = database;
  const channels = { discord, mailer };
  const guard = 'send_messages' as const;

  app.post(
    `${base}/preview`,
    {
      config: { guard },
      schema: {
        querystring: PreviewQuery,
        response: { 200: StragglersPreview, ...errors },
      },
    },
    async (request) => previewStragglers({ db, ...channels }, request.query.idleDays),
  );

  app.get(
    `${base}/templates`,
    {
      config: { guard, readOnly: true },
      schema: { response: { 200: StragglerTemplates, ...errors } },
    },
    async () => readTemplates(db),
  );

  app.put(
    `${base}/templates`,
    {
      config: { guard, idempotent: true },
      schema: {
        body: StragglerTemplates,
        response: { 200: StragglerTemplates, ...errors },
      },
    },
    async (request) => saveTemplates(database, request.context, request.body, request.idempotency),
  );

  app.post(
    `${base}/drafts`,
    {
      config: { guard, idempotent: true },
      schema: { body: CreateDraftsBody, response: { 200: DraftsResponse, ...errors } },
    },
    async (request) => ({
      drafts: await createDrafts(
        { database, ...channels },
        request.context,
        request.body.drafts,
        request.idempotency,
      ),
    }),
  );

  app.get(
    `${base}/drafts`,
    {
      config: { guard, readOnly: true },
      schema: { querystring: DraftsQuery, response: { 200: DraftsResponse, ...errors } },
    },
    async (request) => ({ drafts: await listDrafts(db, request.query.status) }),
  );

  app.patch(
    `${base}/drafts/:id`,
    {
      config: { guard, idempotent: true },
      schema: {
        params: DraftIdParams,
        body: UpdateDraftBody,
        response: { 200: DraftResponse, ...errors },
      },
    },
    async (request) => ({
      draft: await changeDraft(
        database,
        request.context,
        request.params.id,
        { kind: 'edit', ...request.body },
        request.idempotency,
      ),
    }),
  );

  for (const kind of ['approve', 'discard'] as const) {
    app.post(
      `${base}/drafts/:id/${kind}`,
      {
        config: { guard, idempotent: true },
        schema: {
          params: DraftIdParams,
          body: DraftVersionBody,
          response: { 200: DraftResponse, ...errors },
        },
      },
      async (request) => ({
        draft: await changeDraft(
          database,
          request.context,
          request.params.id,
          { kind, version: request.body.version },
          request.idempotency,
        ),
      }),
    );
  }

  app.post(
    base,
    {
      config: { guard },
      schema: { body: SendDraftsBody, response: { 200: SendDraftsResponse, ...errors } },
    },
    async (request) =>
      sendDrafts({ database, ...channels }, request.context, request.body.draftIds, request.body.missionId),
  );
};
