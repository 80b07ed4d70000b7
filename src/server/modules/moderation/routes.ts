import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import {
  FlagsExportQuery,
  ModerateBody,
  ModerateResponse,
  PostIdParams,
  PostTextResponse,
  QueueQuery,
  QueueResponse,
  SuspendAuthorBody,
} from '../../../contracts/moderation.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { UserActionResponse } from '../../../contracts/users.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { changeStatus } from '../users/index.ts';
import { FLAG_EXPORT_COLUMNS } from './export.ts';
import { flaggedPostAuthor, moderatePost, moderationQueue, viewFlaggedPost } from './service.ts';

const errors = ERROR_RESPONSES;

/**
 * The moderation queue (moderate_content). Post bodies are private journals: the queue shows an
 * excerpt of flagged posts only, the full text is a POST that writes `post.viewed`.
 */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, keys } = app.mc;
  const { db } = database;

  app.get(
    '/api/admin/moderation/queue',
    {
      config: { guard: 'moderate_content', readOnly: true },
      schema: { querystring: QueueQuery, response: { 200: QueueResponse, ...errors } },
    },
    async (request) =>
      moderationQueue(await readerFor(request), request.query, {
        cursorKey: keys.cursor,
        canViewPii: hasPermission(request.session!.role, 'view_pii'),
      }),
  );

  app.get(
    '/api/admin/moderation/queue/export',
    {
      config: { guard: 'moderate_content' },
      schema: { querystring: FlagsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      const options = {
        cursorKey: keys.cursor,
        canViewPii: hasPermission(request.session!.role, 'view_pii'),
      };
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'flags',
        filter: request.query,
        columns: FLAG_EXPORT_COLUMNS,
        pages: listPages(async (paging) => {
          const page = await moderationQueue(reader, { ...request.query, ...paging }, options);
          return { rows: page.items, nextCursor: page.nextCursor };
        }),
      });
    },
  );

  app.post(
    '/api/admin/moderation/posts/:id/view',
    {
      config: { guard: 'moderate_content' },
      schema: { params: PostIdParams, response: { 200: PostTextResponse, ...errors } },
    },
    async (request) =>
      viewFlaggedPost(
        database,
        request.context,
        request.params.id,
        hasPermission(request.session!.role, 'view_pii'),
      ),
  );

  app.post(
    '/api/admin/moderation/posts/:id/actions',
    {
      config: { guard: 'moderate_content', idempotent: true },
      schema: { params: PostIdParams, body: ModerateBody, response: { 200: ModerateResponse, ...errors } },
    },
    async (request) =>
      moderatePost(database, request.context, request.params.id, request.body, request.idempotency),
  );

  // Suspension is the Users tab's own action (manage_users), reached from the post it is about.
  app.post(
    '/api/admin/moderation/posts/:id/suspend-author',
    {
      config: { guard: 'manage_users', idempotent: true },
      schema: {
        params: PostIdParams,
        body: SuspendAuthorBody,
        response: { 200: UserActionResponse, ...errors },
      },
    },
    async (request) => {
      const userId = await flaggedPostAuthor(db, request.params.id);
      return changeStatus(
        database,
        request.context,
        {
          userId,
          action: 'suspend',
          reason: `Moderation of post ${request.params.id}: ${request.body.reason}`,
        },
        request.idempotency,
      );
    },
  );
};
