import { sql } from 'drizzle-orm';
import type { SettingsValues } from '../../../contracts/system.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';

const KEYS: Record<keyof SettingsValues, string> = {
  loginEventRetentionDays: 'accounts.login_event_retention_days',
  analyticsRetentionDays: 'analytics.retention_days',
  lowStockThreshold: 'commerce.low_stock_threshold',
};

export function defaultSettings(config: Config): SettingsValues {
  return {
    loginEventRetentionDays: config.loginEventRetentionDays,
    analyticsRetentionDays: 365,
    lowStockThreshold: 5,
  };
}

/** The operator settings: stored values over the defaults. */
export async function readSettings(database: Database, config: Config): Promise<SettingsValues> {
  const rows = await database.sql.query<{ key: string; value: unknown }>(
    'SELECT key, value FROM settings WHERE key = ANY($1)',
    [Object.values(KEYS)],
  );
  const values = defaultSettings(config);
  for (const [name, key] of Object.entries(KEYS) as [keyof SettingsValues, string][]) {
    const stored = rows.find((row) => row.key === key)?.value;
    if (typeof stored === 'number') values[name] = stored;
  }
  return values;
}

/** Changes some settings; one `setting.changed` event per value that changed, with before and after. */
export async function updateSettings(
  database: Database,
  config: Config,
  context: RequestContext,
  patch: Partial<SettingsValues>,
  idempotency: IdempotencyRequest | null,
): Promise<SettingsValues> {
  const before = await readSettings(database, config);
  await mutate(
    database,
    context,
    async (tx) => {
      const events = [];
      for (const [name, value] of Object.entries(patch) as [keyof SettingsValues, number][]) {
        if (before[name] === value) continue;
        await tx.execute(sql`
          INSERT INTO settings (key, value, updated_at, updated_by) VALUES (${KEYS[name]}, ${JSON.stringify(value)}::jsonb, now(), ${context.actor.id})
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by`);
        events.push({
          type: 'setting.changed',
          subjectType: 'setting',
          subjectId: KEYS[name],
          payload: { name, from: before[name], to: value },
        });
      }
      return { result: null, events };
    },
    idempotency,
  );
  return readSettings(database, config);
}
