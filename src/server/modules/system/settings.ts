import { sql } from 'drizzle-orm';
import { ADMIN_ENHANCED_SETTING, type SettingsValues } from '../../../contracts/system.ts';
import type { Config } from '../../config.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import type { EventInput, RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';

const KEYS: Record<keyof SettingsValues, string> = {
  loginEventRetentionDays: 'accounts.login_event_retention_days',
  analyticsRetentionDays: 'analytics.retention_days',
  lowStockThreshold: 'commerce.low_stock_threshold',
  adminEnhanced: ADMIN_ENHANCED_SETTING,
};

/** The settings' defaults come from the configuration. */
type Defaults = Pick<Config, 'loginEventRetentionDays' | 'adminEnhanced'>;

export function defaultSettings(config: Defaults): SettingsValues {
  return {
    loginEventRetentionDays: config.loginEventRetentionDays,
    analyticsRetentionDays: 365,
    lowStockThreshold: 5,
    adminEnhanced: config.adminEnhanced,
  };
}

/** The operator settings: stored values over the defaults. */
export async function readSettings(deps: { db: Db; config: Defaults }): Promise<SettingsValues> {
  const stored = await rows<{ key: string; value: unknown }>(
    deps.db,
    sql`SELECT key, value FROM settings WHERE key IN ${Object.values(KEYS)}`,
  );
  const values: Record<string, unknown> = defaultSettings(deps.config);
  for (const [name, key] of Object.entries(KEYS)) {
    const value = stored.find((row) => row.key === key)?.value;
    // A stored value of another type than its default's is ignored, never served.
    if (typeof value === typeof values[name]) values[name] = value;
  }
  return values as SettingsValues;
}

/**
 * Writes one setting inside a mutation and answers its `setting.changed` event (carrying `payload`)
 * for the mutation to record. Every module that keeps a setting writes it this one way.
 */
export async function writeSetting(
  tx: Db,
  context: RequestContext,
  key: string,
  value: unknown,
  payload: Record<string, unknown>,
): Promise<EventInput> {
  await tx.execute(sql`
    INSERT INTO settings (key, value, updated_at, updated_by) VALUES (${key}, ${JSON.stringify(value)}::jsonb, now(), ${context.actor.id})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by`);
  return { type: 'setting.changed', subjectType: 'setting', subjectId: key, payload };
}

/** Changes some settings; one `setting.changed` event per value that changed, with before and after. */
export async function updateSettings(
  deps: { database: Database; config: Defaults },
  context: RequestContext,
  patch: Partial<SettingsValues>,
  idempotency: IdempotencyRequest | null,
): Promise<SettingsValues> {
  const { database, config } = deps;
  await mutate(
    database,
    context,
    async (tx) => {
      // The "from" of each event is read inside this transaction, after taking the settings lock:
      // a concurrent change commits first or waits, never interleaves (row locks cannot cover a
      // setting still at its default: there is no row to lock).
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('mc.settings'))`);
      const before = await readSettings({ db: tx, config });
      const events = [];
      for (const [name, value] of Object.entries(patch) as [keyof SettingsValues, unknown][]) {
        if (before[name] === value) continue;
        events.push(
          await writeSetting(tx, context, KEYS[name], value, { name, from: before[name], to: value }),
        );
      }
      return { result: null, events };
    },
    idempotency,
  );
  return readSettings({ db: database.db, config });
}
