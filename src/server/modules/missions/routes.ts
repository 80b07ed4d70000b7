import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import {
  CreateMissionBody,
  MissionIdParams,
  MissionResponse,
  MissionsQuery,
  MissionsResponse,
  MissionTimelineResponse,
  UpdateMissionBody,
} from '../../../contracts/missions.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { AppError } from '../../errors.ts';
import { toAuditEvent } from '../../platform/audit/rows.ts';
import {
  createMission,
  listMissions,
  loadMission,
  missionForViewer,
  missionTimeline,
  updateMission,
} from './service.ts';

const errors = ERROR_RESPONSES;

/** The mission board: every staff role may look; operators (manage_missions) move and make cards. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database } = app.mc;
  const { db } = database;

  app.get(
    '/api/admin/missions',
    {
      config: { guard: 'view_activity', readOnly: true },
      schema: {
        querystring: MissionsQuery,
        response: { 200: MissionsResponse, ...errors },
      },
    },
    async (request) => {
      const canViewPii = hasPermission(request.session!.role, 'view_pii');
      return {
        missions: (await listMissions(db, request.query)).map((mission) =>
          missionForViewer(mission, canViewPii),
        ),
      };
    },
  );

  app.post(
    '/api/admin/missions',
    {
      config: { guard: 'manage_missions', idempotent: true },
      schema: { body: CreateMissionBody, response: { 200: MissionResponse, ...errors } },
    },
    async (request) => ({
      mission: missionForViewer(
        await createMission(database, request.context, request.body, request.idempotency),
        hasPermission(request.session!.role, 'view_pii'),
      ),
    }),
  );

  app.get(
    '/api/admin/missions/:id',
    {
      config: { guard: 'view_activity', readOnly: true },
      schema: { params: MissionIdParams, response: { 200: MissionResponse, ...errors } },
    },
    async (request) => {
      const mission = await loadMission(db, request.params.id);
      if (!mission) throw new AppError('not_found', `No mission ${request.params.id}`);
      return { mission: missionForViewer(mission, hasPermission(request.session!.role, 'view_pii')) };
    },
  );

  app.patch(
    '/api/admin/missions/:id',
    {
      config: { guard: 'manage_missions', idempotent: true },
      schema: {
        params: MissionIdParams,
        body: UpdateMissionBody,
        response: { 200: MissionResponse, ...errors },
      },
    },
    async (request) => ({
      mission: missionForViewer(
        await updateMission(database, request.context, request.params.id, request.body, request.idempotency),
        hasPermission(request.session!.role, 'view_pii'),
      ),
    }),
  );

  app.get(
    '/api/admin/missions/:id/timeline',
    {
      config: { guard: 'view_activity', readOnly: true },
      schema: {
        params: MissionIdParams,
        response: { 200: MissionTimelineResponse, ...errors },
      },
    },
    async (request) => {
      const canViewPii = hasPermission(request.session!.role, 'view_pii');
      return {
        events: (await missionTimeline(db, request.params.id)).map((row) => toAuditEvent(row, canViewPii)),
      };
    },
  );
};
