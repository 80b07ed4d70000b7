import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let operator: Awaited<ReturnType<typeof staffCookie>>;
beforeAll(async () => {
  t = await startTestApp();
  operator = await staffCookie(t, 'support');
});
afterAll(async () => t?.close());

const create = (title: string, extra: Record<string, unknown> = {}) =>
  call(t, {
    method: 'POST',
    url: '/api/admin/missions',
    cookie: operator.cookie,
    payload: { title, ...extra },
  });

describe('missions', () => {
  it('creates a manual card in DETECTED and records it', async () => {
    const response = await create('Refund queue is growing', { priority: 'high', evidence: { queued: 12 } });
    expect(response.statusCode).toBe(200);
    expect(response.json().mission).toMatchObject({
      title: 'Refund queue is growing',
      status: 'DETECTED',
      priority: 'high',
      version: 1,
      signalKey: null,
    });
    const board = await call(t, { method: 'GET', url: '/api/admin/missions', cookie: operator.cookie });
    expect(board.json().missions.map((mission: { title: string }) => mission.title)).toContain(
      'Refund queue is growing',
    );
  });

  it('moves a card with its version, refuses a stale version with 409 and the current card', async () => {
    const { mission } = (await create('Stuck students in course 2')).json();
    const moved = await call(t, {
      method: 'PATCH',
      url: `/api/admin/missions/${mission.id}`,
      cookie: operator.cookie,
      payload: { version: 1, status: 'INVESTIGATING' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().mission).toMatchObject({ status: 'INVESTIGATING', version: 2 });
    const stale = await call(t, {
      method: 'PATCH',
      url: `/api/admin/missions/${mission.id}`,
      cookie: operator.cookie,
      payload: { version: 1, status: 'FIXING' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().details.mission).toMatchObject({ status: 'INVESTIGATING', version: 2 });
    const shipped = await call(t, {
      method: 'PATCH',
      url: `/api/admin/missions/${mission.id}`,
      cookie: operator.cookie,
      payload: { version: 2, status: 'SHIPPED', priority: 'low', ownerId: operator.account.userId },
    });
    expect(shipped.json().mission).toMatchObject({
      status: 'SHIPPED',
      priority: 'low',
      owner: { email: operator.account.email },
    });
    expect(shipped.json().mission.shippedAt).not.toBeNull();

    const timeline = await call(t, {
      method: 'GET',
      url: `/api/admin/missions/${mission.id}/timeline`,
      cookie: operator.cookie,
    });
    const types = timeline
      .json()
      .events.map((event: { type: string; payload: Record<string, unknown> }) => [
        event.type,
        event.payload.from ?? null,
        event.payload.to ?? null,
      ]);
    expect(types).toEqual([
      ['mission.created', null, null],
      ['mission.moved', 'DETECTED', 'INVESTIGATING'],
      ['mission.moved', 'INVESTIGATING', 'SHIPPED'],
      ['mission.updated', null, null],
    ]);
  });

  it('lets exactly one of two concurrent moves of the same version through', async () => {
    const { mission } = (await create('Quiet day')).json();
    const answers = await Promise.all(
      ['INVESTIGATING', 'FIXING'].map((status) =>
        call(t, {
          method: 'PATCH',
          url: `/api/admin/missions/${mission.id}`,
          cookie: operator.cookie,
          payload: { version: 1, status },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
  });

  it('validates input, refuses non-staff owners, and keeps moderators to reading', async () => {
    expect((await create('')).json().details[0].path).toBe('body.title');
    const { mission } = (await create('Owner check')).json();
    const stranger = '00000000-0000-4000-8000-00000000beef';
    const bad = await call(t, {
      method: 'PATCH',
      url: `/api/admin/missions/${mission.id}`,
      cookie: operator.cookie,
      payload: { version: 1, ownerId: stranger },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('body.ownerId');
    const moderator = await staffCookie(t, 'moderator');
    expect(
      (await call(t, { method: 'GET', url: '/api/admin/missions', cookie: moderator.cookie })).statusCode,
    ).toBe(200);
    expect(
      (
        await call(t, {
          method: 'POST',
          url: '/api/admin/missions',
          cookie: moderator.cookie,
          payload: { title: 'nope' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
