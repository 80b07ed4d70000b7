import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFor } from '../../../src/server/config.ts';
import { call, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('small defaults a first-time user meets', () => {
  it("answers seed 000's /api/health (a redirect to /api/healthz)", async () => {
    const response = await call(t, { method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(307);
    expect(response.headers.location).toBe('/api/healthz');
  });

  it('trusts both localhost and 127.0.0.1 in development, and only the public URL elsewhere', () => {
    expect(configFor({ PORT: '3011' }).trustedOrigins).toEqual([
      'http://localhost:3011',
      'http://127.0.0.1:3011',
    ]);
    expect(configFor({ PUBLIC_URL: 'http://127.0.0.1:4000' }).trustedOrigins).toContain(
      'http://localhost:4000',
    );
    expect(configFor({ APP_ENV: 'staging', PUBLIC_URL: 'http://localhost:3011' }).trustedOrigins).toEqual([
      'http://localhost:3011',
    ]);
  });

  it('logs no line per request by default', async () => {
    const before = t.logs.length;
    await call(t, { method: 'GET', url: '/api/healthz' });
    expect(t.logs.slice(before).filter((line) => line.includes('request completed'))).toEqual([]);
  });
});
