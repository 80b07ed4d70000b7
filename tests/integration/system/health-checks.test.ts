import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_THRESHOLDS, healthChecks } from '../../../src/contracts/system.ts';
import { withoutLiterals } from '../../../src/server/modules/system/slow-queries.ts';
import { HealthRegistry } from '../../../src/server/platform/health.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp();
  cookie = (await staffCookie(t, 'developer')).cookie;
});
afterAll(async () => t?.close());

const overview = async () => (await call(t, { method: 'GET', url: '/api/admin/system', cookie })).json();

describe('GET /api/admin/system health', () => {
  it('grades every check green/amber/red with its rule, and the last webhook follows the receiver rows', async () => {
    const before = await overview();
    const keys = before.health.checks.map((check: { key: string }) => check.key);
    expect(keys).toEqual([
      'dbLatency',
      'apiP95',
      'pendingMigrations',
      'searchIndex',
      'readReplica',
      'lastWebhook',
      'auditSeal',
    ]);
    for (const check of before.health.checks) {
      expect(['green', 'amber', 'red']).toContain(check.level);
      expect(check.rule.length).toBeGreaterThan(5);
    }
    expect(before.health.lastWebhook).toBeNull();
    expect(before.health.searchIndexStatus).toMatchObject({ state: expect.any(String) });

    await t.database.sql.query(
      `INSERT INTO webhook_events (provider, external_id, type, payload, status, error, attempts)
       VALUES ('stripe', 'evt_health_1', 'charge.succeeded', '{}', 'failed', 'charge ch_1 has no amount', 1)`,
    );
    const after = await overview();
    expect(after.health.lastWebhook).toMatchObject({ status: 'failed', error: 'charge ch_1 has no amount' });
    expect(after.health.checks.find((check: { key: string }) => check.key === 'lastWebhook')).toMatchObject({
      level: 'red',
      value: 'failed',
    });
  });

  it('lists slow queries from pg_stat_statements when it is loaded, else says why (always on PGlite)', async () => {
    const { slowQueries } = (await overview()).health;
    if (ENGINE === 'pglite') {
      expect(slowQueries).toEqual({
        available: false,
        reason: expect.stringContaining('PGlite'),
        queries: [],
      });
      return;
    }
    const [loaded] = await t.database.sql.query<{ libs: string }>(
      `SELECT current_setting('shared_preload_libraries') AS libs`,
    );
    if (!loaded!.libs.includes('pg_stat_statements')) {
      expect(slowQueries.available).toBe(false);
      expect(slowQueries.reason).toBeTruthy();
      return;
    }
    await t.database.sql.query(`SELECT count(*) FROM users WHERE email = 'secret-literal@example.test'`);
    const again = (await overview()).health.slowQueries;
    expect(again.available).toBe(true);
    expect(again.queries.length).toBeGreaterThan(0);
    expect(again.queries.length).toBeLessThanOrEqual(5);
    for (const query of again.queries) {
      expect(query.query).not.toContain('secret-literal');
      expect(query).toMatchObject({
        calls: expect.any(Number),
        meanMs: expect.any(Number),
        totalMs: expect.any(Number),
      });
    }
  });
});

describe('GET /api/admin/system search index (the catalog reports it through the health registry)', () => {
  const searchBadge = async () => {
    const { health } = await overview();
    return {
      status: health.searchIndexStatus,
      check: health.checks.find((c: { key: string }) => c.key === 'searchIndex'),
    };
  };

  it('shows the real stale count: a product changed after its indexing turns the badge amber until reindexed', async () => {
    const admin = (await staffCookie(t, 'admin')).cookie;
    const post = (url: string, payload: object = {}) =>
      call(t, { method: 'POST', url, cookie: admin, payload });
    expect((await post('/api/admin/products/search-index/reindex')).statusCode).toBe(200);
    const fresh = await searchBadge();
    expect(fresh.status).toMatchObject({ state: 'fresh', staleCount: 0, reason: null });
    expect(fresh.check).toMatchObject({ level: 'green', value: '0 stale' });

    for (const sku of ['HEALTH-1', 'HEALTH-2']) {
      const created = await post('/api/admin/products', { sku, title: `Health ${sku}`, price: '1.00' });
      expect(created.statusCode, created.body).toBe(200);
    }
    // Edited behind the index's back: what the stale-row job exists to catch.
    await t.database.sql.query(
      `UPDATE products SET search_indexed_at = now() - interval '1 hour', updated_at = now() WHERE sku IN ('HEALTH-1', 'HEALTH-2')`,
    );
    const stale = await searchBadge();
    expect(stale.status).toMatchObject({ state: 'stale', staleCount: 2 });
    expect(stale.check).toMatchObject({ level: 'amber', value: '2 stale' });

    expect((await post('/api/admin/products/search-index/reindex')).json().reindexed).toBe(2);
    const again = await searchBadge();
    expect(again.status).toMatchObject({ state: 'fresh', staleCount: 0, lastReindexAt: expect.any(String) });
    expect(again.check.level).toBe('green');
  });
});

describe('HealthRegistry', () => {
  it('answers null for a probe nobody registered and refuses a second owner', () => {
    const registry = new HealthRegistry();
    expect(registry.get('searchIndex')).toBeNull();
    const probe = async () => ({ state: 'fresh' as const, staleCount: 0, lastReindexAt: null, reason: null });
    registry.register('catalog', 'searchIndex', probe);
    expect(registry.get('searchIndex')).toBe(probe);
    expect(() => registry.register('other', 'searchIndex', probe)).toThrow(/catalog already/);
  });
});

describe('healthChecks and withoutLiterals', () => {
  it('applies the thresholds at their edges', () => {
    const base = {
      dbLatencyMs: 1,
      apiP95Ms: null,
      apiRequestsSampled: 0,
      streamClients: 0,
      pendingMigrations: [],
      searchIndexStatus: { state: 'fresh' as const, staleCount: 0, lastReindexAt: null, reason: null },
      readReplica: {
        state: 'not_configured' as 'ok' | 'lagging' | 'down' | 'not_configured',
        host: null,
        lagMs: null as number | null,
        maxLagMs: null,
        reason: null,
        replicaReads: 0,
        primaryReads: 0,
      },
      lastWebhook: null,
      auditSeal: { unsealed: 0, oldestSeconds: null as number | null, lastError: null as string | null },
      slowQueries: { available: false, reason: 'x', queries: [] },
    };
    const level = (patch: Partial<typeof base>, key: string) =>
      healthChecks({ ...base, ...patch }).find((check) => check.key === key)!.level;
    expect(level({}, 'dbLatency')).toBe('green');
    expect(level({ dbLatencyMs: HEALTH_THRESHOLDS.dbLatencyMs.amber }, 'dbLatency')).toBe('amber');
    expect(level({ dbLatencyMs: HEALTH_THRESHOLDS.dbLatencyMs.red }, 'dbLatency')).toBe('red');
    expect(level({ pendingMigrations: ['0099_x.sql'] as never[] }, 'pendingMigrations')).toBe('red');
    const stale = { state: 'stale', staleCount: 1, lastReindexAt: null, reason: null } as never;
    expect(level({ searchIndexStatus: stale }, 'searchIndex')).toBe('amber');
    expect(level({}, 'readReplica')).toBe('green');
    const replica = (state: 'ok' | 'lagging' | 'down', lagMs: number | null) => ({
      readReplica: { ...base.readReplica, state, lagMs },
    });
    expect(level(replica('ok', 12), 'readReplica')).toBe('green');
    expect(level(replica('lagging', 9_000), 'readReplica')).toBe('amber');
    expect(level(replica('down', null), 'readReplica')).toBe('red');
    const old = new Date(Date.now() - 16 * 60_000).toISOString();
    expect(level({ lastWebhook: { at: old, status: 'received', error: null } as never }, 'lastWebhook')).toBe(
      'amber',
    );
    const seal = (oldestSeconds: number, lastError: string | null = null) =>
      level({ auditSeal: { unsealed: 1, oldestSeconds, lastError } }, 'auditSeal');
    expect(level({}, 'auditSeal')).toBe('green');
    expect(seal(HEALTH_THRESHOLDS.unsealedSeconds.amber - 0.5)).toBe('green');
    expect(seal(HEALTH_THRESHOLDS.unsealedSeconds.amber)).toBe('amber');
    expect(seal(HEALTH_THRESHOLDS.unsealedSeconds.red)).toBe('red');
    expect(seal(0, 'seal refused')).toBe('red');
  });

  it('keeps no literal in a statement text', () => {
    expect(withoutLiterals(`SET application_name = 'alice@example.test'`)).toBe('SET application_name = ?');
    expect(withoutLiterals('SELECT * FROM t1 WHERE id = $1 LIMIT 50')).toBe(
      'SELECT * FROM t1 WHERE id = $1 LIMIT ?',
    );
  });
});
