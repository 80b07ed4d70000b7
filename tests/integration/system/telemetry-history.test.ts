import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('GET /api/admin/system/telemetry/history', () => {
  it('answers the last hour minute by minute: API p95 of the requests, DB latency sampled', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    for (let index = 0; index < 3; index += 1)
      await call(t, { method: 'GET', url: '/api/admin/system', cookie });
    const response = await call(t, { method: 'GET', url: '/api/admin/system/telemetry/history', cookie });
    expect(response.statusCode).toBe(200);
    const { minutes } = response.json() as {
      minutes: { at: string; requests: number; apiP95Ms: number | null; dbLatencyMs: number | null }[];
    };
    expect(minutes).toHaveLength(60);
    const recent = minutes.slice(-2);
    expect(recent.reduce((sum, minute) => sum + minute.requests, 0)).toBeGreaterThanOrEqual(3);
    expect(recent.some((minute) => minute.apiP95Ms !== null)).toBe(true);
    expect(recent.some((minute) => minute.dbLatencyMs !== null)).toBe(true);
    expect(minutes[0]!.requests).toBe(0);
  });
});
