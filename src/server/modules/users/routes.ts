import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile, ListCountResponse } from '../../../contracts/lists.ts';
import { hasPermission, type Permission } from '../../../contracts/permissions.ts';
import {
  BulkBody,
  BulkResponse,
  ChangeRoleBody,
  ClearedThrottlesResponse,
  NoteBody,
  NoteRow,
  ReasonBody,
  RevealBody,
  RevealResponse,
  RevokedResponse,
  SessionIdParams,
  SessionsResponse,
  SignInThrottlesResponse,
  User360,
  UserActionResponse,
  UserIdParams,
  UsersCountQuery,
  UsersExportQuery,
  UsersListQuery,
  UsersListResponse,
} from '../../../contracts/users.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import {
  addNote,
  changeStaffRole,
  changeStatus,
  disableMfa,
  requestPasswordReset,
  revealIps,
  revokeSession,
  revokeUserSessions,
} from './service/actions.ts';
import { runBulk } from './service/bulk.ts';
import {
  SESSION_EXPORT_COLUMNS,
  sessionExportPages,
  USER_EXPORT_COLUMNS,
  userExportPages,
} from './service/export-users.ts';
import { countUsers, listUsers } from './service/list-users.ts';
import { clearMemberSignInThrottles, memberSignInThrottles } from './service/sign-in-throttles.ts';
import { assertUserExists, getUser360, listSessions, noteForViewer } from './service/user-360.ts';

const errors = ERROR_RESPONSES;

/** Bulk suspend and delete need the reason the single actions ask for. */
function requireReason(reason: string | undefined): string {
  if (!reason || reason.length < 3) {
    throw new AppError('bad_request', 'Invalid input — body.reason: say why (at least 3 characters)', [
      { path: 'body.reason', message: 'say why (at least 3 characters)' },
    ]);
  }
  return reason;
}

/** The Users tab: list, User 360, sessions, row and bulk actions, and the audited IP reveal. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, keys, auth, mailer, config } = app.mc;
  const { db } = database;
  const resets = { database, auth, mailer, publicUrl: config.publicUrl };

  app.get(
    '/api/admin/users',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: {
        querystring: UsersListQuery,
        response: { 200: UsersListResponse, ...errors },
      },
    },
    async (request) => listUsers(await readerFor(request), request.query, { cursorKey: keys.checkpoint }),
  );

  // The list's total on its own (platform/lists.ts): the table asks once per filter, beside page 1.
  app.get(
    '/api/admin/users/count',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: {
        querystring: UsersCountQuery,
        response: { 200: ListCountResponse, ...errors },
      },
    },
    async (request) => countUsers(await readerFor(request), request.query),
  );

  app.get(
    '/api/admin/users/:id',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: {
        params: UserIdParams,
        response: { 200: User360, ...errors },
      },
    },
    async (request) =>
      getUser360(db, request.params.id, { canViewPii: hasPermission(request.session!.role, 'view_pii') }),
  );

  app.get(
    '/api/admin/users/:id/sessions',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: {
        params: UserIdParams,
        response: { 200: SessionsResponse, ...errors },
      },
    },
    async (request) => {
      await assertUserExists(db, request.params.id);
      return { sessions: await listSessions(db, request.params.id) };
    },
  );

  // CSV exports: the list's own guard, filters and masking (platform/export.ts).
  app.get(
    '/api/admin/users/export',
    {
      config: { guard: 'view_users' },
      schema: { querystring: UsersExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'users',
        filter: request.query,
        columns: USER_EXPORT_COLUMNS,
        pages: userExportPages(
          { reader, primary: db, cursor: database.kind === 'postgres' },
          request.query,
          keys.checkpoint,
          (error) => request.log.warn({ err: error }, 'export cursor failed; going on with keyset pages'),
        ),
      });
    },
  );

  app.get(
    '/api/admin/users/:id/sessions/export',
    {
      config: { guard: 'view_users' },
      schema: { params: UserIdParams, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      await assertUserExists(db, request.params.id);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'sessions',
        filter: { userId: request.params.id },
        columns: SESSION_EXPORT_COLUMNS,
        pages: sessionExportPages(reader, request.params.id),
      });
    },
  );

  app.post(
    '/api/admin/users/:id/sessions/revoke',
    {
      config: { guard: 'manage_sessions', idempotent: true },
      schema: {
        params: UserIdParams,
        response: { 200: RevokedResponse, ...errors },
      },
    },
    async (request) => revokeUserSessions(database, request.context, request.params.id, request.idempotency),
  );

  app.post(
    '/api/admin/sessions/:sid/revoke',
    {
      config: { guard: 'manage_sessions', idempotent: true },
      schema: {
        params: SessionIdParams,
        response: { 200: RevokedResponse, ...errors },
      },
    },
    async (request) => revokeSession(database, request.context, request.params.sid, request.idempotency),
  );

  app.post(
    '/api/admin/users/:id/password-reset',
    {
      config: { guard: 'reset_passwords', idempotent: true },
      schema: {
        params: UserIdParams,
        response: { 200: UserActionResponse, ...errors },
      },
    },
    async (request) => requestPasswordReset(resets, request.context, request.params.id, request.idempotency),
  );

  app.post(
    '/api/admin/users/:id/mfa/disable',
    {
      config: { guard: 'manage_users', idempotent: true },
      schema: {
        params: UserIdParams,
        response: { 200: UserActionResponse, ...errors },
      },
    },
    async (request) => disableMfa(database, request.context, request.params.id, request.idempotency),
  );

  app.post(
    '/api/admin/users/:id/role',
    {
      config: { guard: 'manage_staff_roles', idempotent: true },
      schema: {
        params: UserIdParams,
        body: ChangeRoleBody,
        response: { 200: UserActionResponse, ...errors },
      },
    },
    async (request) =>
      changeStaffRole(
        database,
        request.context,
        { userId: request.params.id, role: request.body.role },
        request.idempotency,
      ),
  );

  for (const action of ['suspend', 'delete'] as const) {
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        config: { guard: 'manage_users', idempotent: true },
        schema: {
          params: UserIdParams,
          body: ReasonBody,
          response: { 200: UserActionResponse, ...errors },
        },
      },
      async (request) =>
        changeStatus(
          database,
          request.context,
          { userId: request.params.id, action, reason: request.body.reason },
          request.idempotency,
        ),
    );
  }

  app.post(
    '/api/admin/users/:id/enable',
    {
      config: { guard: 'manage_users', idempotent: true },
      schema: {
        params: UserIdParams,
        response: { 200: UserActionResponse, ...errors },
      },
    },
    async (request) =>
      changeStatus(
        database,
        request.context,
        { userId: request.params.id, action: 'enable' },
        request.idempotency,
      ),
  );

  app.post(
    '/api/admin/users/:id/notes',
    {
      config: { guard: 'manage_users', idempotent: true },
      schema: {
        params: UserIdParams,
        body: NoteBody,
        response: { 200: NoteRow, ...errors },
      },
    },
    async (request) =>
      noteForViewer(
        await addNote(
          database,
          request.context,
          { userId: request.params.id, body: request.body.body },
          request.idempotency,
        ),
        hasPermission(request.session!.role, 'view_pii'),
      ),
  );

  app.get(
    '/api/admin/users/:id/sign-in-throttles',
    {
      config: { guard: 'manage_users', readOnly: true },
      schema: { params: UserIdParams, response: { 200: SignInThrottlesResponse, ...errors } },
    },
    async (request) =>
      memberSignInThrottles(db, request.params.id, hasPermission(request.session!.role, 'view_pii')),
  );

  app.post(
    '/api/admin/users/:id/sign-in-throttles/clear',
    {
      config: { guard: 'manage_users', idempotent: true },
      schema: { params: UserIdParams, response: { 200: ClearedThrottlesResponse, ...errors } },
    },
    async (request) =>
      clearMemberSignInThrottles(database, request.context, request.params.id, request.idempotency),
  );

  // Not idempotent on purpose: a stored replay would keep the full IPs in idempotency_keys, and
  // repeating a reveal only writes another audit row.
  app.post(
    '/api/admin/users/:id/reveal',
    {
      config: { guard: 'view_pii' },
      schema: {
        params: UserIdParams,
        body: RevealBody,
        response: { 200: RevealResponse, ...errors },
      },
    },
    async (request) =>
      revealIps(database, request.context, { userId: request.params.id, reason: request.body.reason }),
  );

  const bulkRoutes: {
    path: string;
    guard: Permission;
    prepare?: (body: { reason?: string | undefined }) => void;
    action: (
      request: { context: RequestContext },
      userId: string,
      reason: string | undefined,
    ) => Promise<unknown>;
  }[] = [
    {
      path: 'revoke-sessions',
      guard: 'manage_sessions',
      action: (request, userId) => revokeUserSessions(database, request.context, userId),
    },
    {
      path: 'password-reset',
      guard: 'reset_passwords',
      prepare: () => {
        if (!mailer.configured)
          throw new AppError('not_configured', mailer.unavailableReason ?? 'Mail is not configured');
      },
      action: (request, userId) => requestPasswordReset(resets, request.context, userId),
    },
    {
      path: 'suspend',
      guard: 'manage_users',
      prepare: (body) => requireReason(body.reason),
      action: (request, userId, reason) =>
        changeStatus(database, request.context, { userId, action: 'suspend', reason }),
    },
    {
      path: 'enable',
      guard: 'manage_users',
      action: (request, userId) => changeStatus(database, request.context, { userId, action: 'enable' }),
    },
    {
      path: 'delete',
      guard: 'manage_users',
      prepare: (body) => requireReason(body.reason),
      action: (request, userId, reason) =>
        changeStatus(database, request.context, { userId, action: 'delete', reason }),
    },
    {
      path: 'mfa-disable',
      guard: 'manage_users',
      action: (request, userId) => disableMfa(database, request.context, userId),
    },
  ];

  for (const route of bulkRoutes) {
    app.post(
      `/api/admin/users/bulk/${route.path}`,
      {
        config: { guard: route.guard, idempotent: true },
        schema: {
          body: BulkBody,
          response: { 200: BulkResponse, ...errors },
        },
      },
      async (request) => {
        route.prepare?.(request.body);
        return runBulk(
          database,
          request.context,
          {
            userIds: request.body.userIds,
            idempotency: request.idempotency,
            onError: (error) => request.log.error({ err: error }, `bulk ${route.path} failed for a row`),
          },
          (userId) => route.action(request, userId, request.body.reason),
        );
      },
    );
  }
};
