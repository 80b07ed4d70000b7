import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import {
  BatchesQuery,
  BatchesResponse,
  BatchIdParams,
  BatchResponse,
  GenerateBody,
  LocationsResponse,
  PremapStoneBody,
  SheetQuery,
  SheetResponse,
  StoneIdParams,
  StoneResponse,
  StonesExportQuery,
  StonesQuery,
  StonesResponse,
} from '../../../contracts/stones.ts';
import { AppError } from '../../errors.ts';
import { toAuditEvent } from '../../platform/audit/rows.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { batchCodes, generateStones, listBatches, loadBatch } from './service/batches.ts';
import { STONE_EXPORT_COLUMNS } from './service/export-stones.ts';
import { listStones } from './service/list.ts';
import { qrSvg, sheetPdf } from './service/sheet.ts';
import { listLocations, loadStone, premapStone, stoneEvents, stoneTimeline } from './service/stone.ts';

const errors = ERROR_RESPONSES;

/**
 * Stones: every staff role may look at the inventory (view_users: a stone names its owner); changes
 * need manage_stones; Generate QR and the sheets (the codes activate stones) need generate_qr.
 */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, keys } = app.mc;
  const { db } = database;

  app.get(
    '/api/admin/stones',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { querystring: StonesQuery, response: { 200: StonesResponse, ...errors } },
    },
    async (request) => listStones(await readerFor(request), request.query, { cursorKey: keys.cursor }),
  );

  app.get(
    '/api/admin/stones/export',
    {
      config: { guard: 'view_users' },
      schema: { querystring: StonesExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'stones',
        filter: request.query,
        columns: STONE_EXPORT_COLUMNS,
        pages: listPages((paging) =>
          listStones(reader, { ...request.query, ...paging }, { cursorKey: keys.cursor, counts: false }),
        ),
      });
    },
  );

  app.get(
    '/api/admin/stones/locations',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { response: { 200: LocationsResponse, ...errors } },
    },
    async () => ({ locations: await listLocations(db) }),
  );

  app.get(
    '/api/admin/stones/batches',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { querystring: BatchesQuery, response: { 200: BatchesResponse, ...errors } },
    },
    async (request) => listBatches(await readerFor(request), request.query, { cursorKey: keys.cursor }),
  );

  app.post(
    '/api/admin/stones/batches',
    {
      config: { guard: 'generate_qr', idempotent: 'required' },
      schema: { body: GenerateBody, response: { 200: BatchResponse, ...errors } },
    },
    async (request) => ({
      batch: await generateStones(database, request.context, request.body, request.idempotency),
    }),
  );

  app.get(
    '/api/admin/stones/batches/:id/sheet',
    {
      config: { guard: 'generate_qr', readOnly: true },
      schema: { params: BatchIdParams, response: { 200: SheetResponse, ...errors } },
    },
    async (request) => {
      const batch = await loadBatch(db, request.params.id);
      if (!batch) throw new AppError('not_found', `No batch ${request.params.id}`);
      const codes = await batchCodes(db, batch.id);
      return {
        batch,
        stones: await Promise.all(codes.map(async (stone) => ({ ...stone, svg: await qrSvg(stone.code) }))),
      };
    },
  );

  app.get(
    '/api/admin/stones/batches/:id/sheet.pdf',
    {
      config: { guard: 'generate_qr' },
      schema: {
        params: BatchIdParams,
        querystring: SheetQuery,
        // The PDF's bytes (a Buffer is sent as it is, never serialized).
        response: {
          200: {
            description: 'The printable sheet',
            content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const batch = await loadBatch(db, request.params.id);
      if (!batch) throw new AppError('not_found', `No batch ${request.params.id}`);
      const codes = (await batchCodes(db, batch.id)).map((stone) => stone.code);
      const pdf = await sheetPdf(codes, request.query.paper, `Stone codes ${batch.id}`);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="stones-${batch.id.slice(0, 8)}.pdf"`)
          // Documented as a binary string (OpenAPI's way to say bytes); typed so by the schema.
          .send(Buffer.from(pdf) as unknown as string)
      );
    },
  );

  app.get(
    '/api/admin/stones/:id',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { params: StoneIdParams, response: { 200: StoneResponse, ...errors } },
    },
    async (request) => {
      const stone = await loadStone(db, request.params.id);
      if (!stone) throw new AppError('not_found', `No stone ${request.params.id}`);
      const canViewPii = hasPermission(request.session!.role, 'view_pii');
      return {
        stone,
        timeline: stoneTimeline(stone),
        events: (await stoneEvents(db, stone)).map((row) => toAuditEvent(row, canViewPii)),
      };
    },
  );

  app.patch(
    '/api/admin/stones/:id',
    {
      config: { guard: 'manage_stones', idempotent: true },
      schema: { params: StoneIdParams, body: PremapStoneBody, response: { 200: StoneResponse, ...errors } },
    },
    async (request) => {
      const stone = await premapStone(
        database,
        request.context,
        request.params.id,
        request.body.locationId,
        request.idempotency,
      );
      const canViewPii = hasPermission(request.session!.role, 'view_pii');
      return {
        stone,
        timeline: stoneTimeline(stone),
        events: (await stoneEvents(db, stone)).map((row) => toAuditEvent(row, canViewPii)),
      };
    },
  );
};
