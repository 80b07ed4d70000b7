import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DriftScanPreview,
  GrantTokensBody,
  GrantTokensPreview,
  GrantTokensResult,
  MorningBrief,
  SendBriefBody,
  SendBriefResult,
} from '../../../contracts/actions.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { PulseResult } from '../../../contracts/signals.ts';
import { driftByCourse, pulseForViewer, readThresholds, runHealthPulse } from '../signals/index.ts';
import { grantTokens, previewGrant } from './grant-tokens.ts';
import { morningBrief, sendMorningBrief } from './morning-brief.ts';

const errors = ERROR_RESPONSES;

/** The one-click actions (seed 000): each previews first, then commits idempotently and audited. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, config, discord, mailer } = app.mc;
  const { db } = database;
  const briefs = { db, discord, mailer, briefChannelId: config.discord?.briefChannelId ?? null };

  app.post(
    '/api/admin/actions/grant-tokens/preview',
    {
      config: { guard: 'grant_tokens' },
      schema: { body: GrantTokensBody, response: { 200: GrantTokensPreview, ...errors } },
    },
    async (request) => previewGrant(db, request.body, config.maxGrantPerCall),
  );

  app.post(
    '/api/admin/actions/grant-tokens',
    {
      config: { guard: 'grant_tokens', idempotent: 'required' },
      schema: { body: GrantTokensBody, response: { 200: GrantTokensResult, ...errors } },
    },
    async (request) =>
      grantTokens(database, request.context, request.body, config.maxGrantPerCall, request.idempotency),
  );

  app.post(
    '/api/admin/actions/drift-scan/preview',
    {
      config: { guard: 'run_signals' },
      schema: { response: { 200: DriftScanPreview, ...errors } },
    },
    async () => {
      const thresholds = await readThresholds(db);
      const courses = await driftByCourse(db, thresholds);
      return {
        limit: thresholds.driftMaxShare,
        courses: courses.map((row) => ({
          course: row.slug,
          title: row.title,
          questions: row.questions,
          firstShare: Math.round(row.first_share * 1000) / 1000,
          drifting: Math.max(row.first_share, 1 - row.first_share) > thresholds.driftMaxShare,
        })),
      };
    },
  );

  app.post(
    '/api/admin/actions/drift-scan',
    {
      config: { guard: 'run_signals', idempotent: true },
      schema: { response: { 200: PulseResult, ...errors } },
    },
    async (request) =>
      pulseForViewer(
        await runHealthPulse(database, request.context, request.idempotency, { only: ['quiz_drift'] }),
        hasPermission(request.session!.role, 'view_pii'),
      ),
  );

  app.post(
    '/api/admin/actions/morning-brief',
    {
      config: { guard: 'send_messages' },
      schema: { body: SendBriefBody, response: { 200: SendBriefResult, ...errors } },
    },
    async (request) => sendMorningBrief(briefs, request.context, request.body),
  );

  app.post(
    '/api/admin/actions/morning-brief/preview',
    {
      config: { guard: 'view_analytics' },
      schema: { response: { 200: MorningBrief, ...errors } },
    },
    async () => morningBrief(db),
  );
};
