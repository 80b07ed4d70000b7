import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

// Issue 13 item 2: concurrent changes record the "from" each one actually replaced.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('settings under concurrent writes', () => {
  it('chains every setting.changed event: each "from" is the previous "to"', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const values = Array.from({ length: 24 }, (_, index) => 10 + index);
    const answers = await Promise.all(
      values.map((value) =>
        call(t, {
          method: 'PATCH',
          url: '/api/admin/settings',
          cookie,
          payload: { lowStockThreshold: value },
        }),
      ),
    );
    for (const answer of answers) expect(answer.statusCode).toBe(200);
    const events = (await eventsOfType(t, 'setting.changed')).filter(
      (event) => event.payload.name === 'lowStockThreshold',
    );
    expect(events.length).toBe(values.length);
    let previous: unknown = 5; // the default
    for (const event of events) {
      expect(event.payload.from).toBe(previous);
      previous = event.payload.to;
    }
    const final = await call(t, { method: 'GET', url: '/api/admin/settings', cookie });
    expect(final.json().settings.lowStockThreshold).toBe(previous);
  });
});
