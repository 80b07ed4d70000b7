import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/server/config.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('health', () => {
  it('GET /api/healthz answers without auth and reveals nothing secret', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/healthz' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      ok: true,
      env: 'development',
      dbHost: t.database.host,
      database: t.database.kind,
    });
    expect(JSON.stringify(body)).not.toMatch(/postgres:\/\/|password|@/);
  });

  it('redirects /health and /api/admin/system/health to it with 307', async () => {
    for (const url of ['/health', '/api/admin/system/health']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(307);
      expect(response.headers.location).toBe('/api/healthz');
    }
  });
});

describe('the OpenAPI document', () => {
  it('names the Idempotency-Key header, required where money or tokens move', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const header = (path: string, method: string) =>
      (doc.paths[path][method].parameters as { in: string; name: string; required?: boolean }[]).find(
        (parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key',
      );
    expect(header('/api/admin/actions/refund', 'post')).toMatchObject({ required: true });
    expect(header('/api/admin/actions/grant-tokens', 'post')).toMatchObject({ required: true });
    expect(header('/api/admin/missions', 'post')?.required).toBeFalsy();
    expect(header('/api/admin/missions', 'post')).toBeDefined();
  });

  it('tags every operation with the one module that serves it', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const modules = readdirSync(join(import.meta.dirname, '../../../src/server/modules'));
    const tags = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths as Record<string, object>)) {
      for (const [method, operation] of Object.entries(operations as Record<string, { tags?: string[] }>)) {
        expect(operation.tags, `${method} ${path}`).toHaveLength(1);
        tags.add(operation.tags![0]!);
      }
    }
    expect([...tags].sort()).toEqual([...modules].sort());
    const tagOf = (path: string, method: string) => doc.paths[path][method].tags[0];
    expect(tagOf('/api/admin/me', 'get')).toBe('auth');
    expect(tagOf('/api/admin/users', 'get')).toBe('users');
    expect(tagOf('/api/admin/actions/health-pulse', 'post')).toBe('signals');
    expect(tagOf('/api/admin/actions/refund', 'post')).toBe('refunds');
    expect(tagOf('/api/admin/actions/catch-stragglers', 'post')).toBe('stragglers');
    expect(tagOf('/api/admin/actions/grant-tokens', 'post')).toBe('actions');
  });
});

describe('GET /api/admin/system', () => {
  it('reports environment, health and row counts', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    await call(t, { method: 'GET', url: '/api/healthz' });
    const response = await call(t, { method: 'GET', url: '/api/admin/system', cookie });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.environment).toMatchObject({
      appEnv: 'development',
      nodeVersion: process.version,
      pid: process.pid,
      dbHost: t.database.host,
    });
    expect(body.health.pendingMigrations).toEqual([]);
    expect(body.health.dbLatencyMs).toBeGreaterThanOrEqual(0);
    expect(body.health.apiP95Ms).toBeGreaterThan(0);
    expect(body.rowCounts.admin_users).toBeGreaterThanOrEqual(1);
  });
});

describe('config', () => {
  it('names each bad variable', () => {
    expect(() => loadConfig({ APP_ENV: 'prod', PORT: 'abc', ADMIN_SESSION_TIMEOUT: 'soon' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ APP_ENV: 'prod', PORT: 'abc', ADMIN_SESSION_TIMEOUT: 'soon' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/APP_ENV/);
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/ADMIN_SESSION_TIMEOUT/);
    }
  });

  it('refuses to start in production without its secrets', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(
      /MC_SECRET_KEY.*\n.*DATABASE_URL.*\n.*PUBLIC_URL/s,
    );
    expect(() =>
      loadConfig({
        APP_ENV: 'production',
        MC_SECRET_KEY: 'x'.repeat(40),
        DATABASE_URL: 'postgres://db/x',
        PUBLIC_URL: 'https://ops.example.test',
      }),
    ).not.toThrow();
  });

  it('never infers APP_ENV from the host or port', () => {
    expect(loadConfig({ HOST: 'prod.example.com', PORT: '443' }).appEnv).toBe('development');
  });
});
