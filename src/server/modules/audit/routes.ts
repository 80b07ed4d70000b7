import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AuditEvent,
  CorrectionBody,
  EventIdParams,
  EventsExportQuery,
  EventsQuery,
  EventsResponse,
  StreamQuery,
} from '../../../contracts/audit.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { toAuditEvent } from '../../platform/audit/rows.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import { type ExportColumn, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { correctEvent, iterateEvents, listEvents } from './service.ts';
import { openStream } from './stream.ts';

const errors = ERROR_RESPONSES;
const isPosition = (value: unknown): value is { id: string } =>
  typeof value === 'object' && value !== null && /^\d+$/.test(String((value as { id?: unknown }).id ?? ''));

/** The export's columns: the fields of the list's rows, masked as the list masks them. */
const CSV_COLUMNS: ExportColumn<AuditEvent>[] = (
  [
    'id',
    'ts',
    'actorId',
    'actorEmail',
    'actorRole',
    'type',
    'subjectType',
    'subjectId',
    'payload',
    'requestId',
    'ip',
    'hash',
  ] as const
).map((key) => ({ header: key, value: (event) => event[key] }));

export const routes: FastifyPluginAsyncZod = async (app) => {
  const mc = app.mc;
  const { database, keys } = mc;
  const { db } = database;

  app.get(
    '/api/admin/events',
    {
      config: { guard: 'view_audit', readOnly: true },
      schema: { querystring: EventsQuery, response: { 200: EventsResponse, ...errors } },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const beforeId = cursor ? decodeCursor(keys.cursor, cursor, isPosition).id : null;
      const page = await listEvents(await readerFor(request), filters, { beforeId, limit });
      const canViewPii = hasPermission(request.session!.role, 'view_pii');
      const last = page[page.length - 1];
      return {
        events: page.map((row) => toAuditEvent(row, canViewPii)),
        nextCursor:
          page.length === limit && last ? encodeCursor(keys.cursor, { id: String(last.position) }) : null,
      };
    },
  );

  app.get(
    '/api/admin/events/export',
    {
      config: { guard: 'view_audit' },
      schema: { querystring: EventsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      const { format, ...filters } = request.query;
      const canViewPii = hasPermission(request.session!.role, 'view_pii');
      async function* pages() {
        for await (const batch of iterateEvents(reader, filters))
          yield batch.map((row) => toAuditEvent(row, canViewPii));
      }
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'events',
        filter: filters,
        format,
        columns: CSV_COLUMNS,
        pages: pages(),
      });
    },
  );

  app.post(
    '/api/admin/events/:id/corrections',
    {
      config: { guard: 'view_audit', idempotent: true },
      schema: {
        params: EventIdParams,
        body: CorrectionBody,
        response: { 200: AuditEvent, ...errors },
      },
    },
    async (request) =>
      correctEvent(
        database,
        request.context,
        {
          id: request.params.id,
          body: request.body,
          canViewPii: hasPermission(request.session!.role, 'view_pii'),
        },
        request.idempotency,
      ),
  );

  app.get(
    '/api/admin/stream',
    {
      config: { guard: 'view_activity' },
      schema: {
        querystring: StreamQuery,
        headers: z
          .object({ 'last-event-id': z.string().regex(/^\d*$/, 'must be an event id').optional() })
          .loose(),
        response: errors,
      },
    },
    async (request, reply) => {
      const resumeFrom = request.headers['last-event-id'] || request.query.lastEventId || null;
      openStream(mc, request, reply, resumeFrom);
    },
  );
};
