import { bigint, inet, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The audit spine. Rows are written only through `appendEvents`; see migrations/0003_audit_spine.sql. */
export const events = pgTable('events', {
  id: bigint('id', { mode: 'bigint' }).primaryKey(),
  ts: timestamp('ts', { withTimezone: true, mode: 'date' }).notNull(),
  actorId: uuid('actor_id'),
  actorEmail: text('actor_email'),
  actorRole: text('actor_role'),
  type: text('type').notNull(),
  subjectType: text('subject_type'),
  subjectId: text('subject_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  requestId: text('request_id'),
  ip: inet('ip'),
  prevHash: text('prev_hash'),
  hash: text('hash').notNull(),
});
