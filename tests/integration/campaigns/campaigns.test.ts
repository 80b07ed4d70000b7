import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let superAdmin: string;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoMembers(t.database, { members: 100 });
  await seedDemoCommunity(t.database, { people: 100, stones: 20, posts: 200 });
  superAdmin = (await staffCookie(t, 'super_admin')).cookie;
  admin = (await staffCookie(t, 'admin')).cookie;
}, 120_000);
afterAll(async () => t?.close());

const move = (id: string, payload: object, cookie = superAdmin) =>
  call(t, { method: 'POST', url: `/api/admin/campaigns/${id}/transition`, cookie, payload });

describe('campaigns', () => {
  it('lists every campaign across teams, filtered by status and team, paged', async () => {
    const all = await call(t, { method: 'GET', url: '/api/admin/campaigns?pageSize=3', cookie: admin });
    expect(all.statusCode).toBe(200);
    expect(all.json().rows).toHaveLength(3);
    const next = await call(t, {
      method: 'GET',
      url: `/api/admin/campaigns?pageSize=3&cursor=${encodeURIComponent(all.json().nextCursor)}`,
      cookie: admin,
    });
    expect(next.json().rows[0].id).not.toBe(all.json().rows[0].id);
    const staged = (
      await call(t, { method: 'GET', url: '/api/admin/campaigns?status=staged', cookie: admin })
    ).json();
    for (const row of staged.rows) expect(row.status).toBe('staged');
    const team = staged.rows[0].team.id;
    const byTeam = (
      await call(t, { method: 'GET', url: `/api/admin/campaigns?team=${team}`, cookie: admin })
    ).json();
    for (const row of byTeam.rows) expect(row.team.id).toBe(team);
    expect(
      (await call(t, { method: 'GET', url: '/api/admin/campaigns?status=open', cookie: admin })).statusCode,
    ).toBe(400);
  });

  it('moves staged → active → closed, versioned and audited; stale or illegal moves are 409', async () => {
    const [campaign] = (
      await call(t, { method: 'GET', url: '/api/admin/campaigns?status=staged', cookie: admin })
    ).json().rows;
    expect((await move(campaign.id, { to: 'active', version: campaign.version }, admin)).statusCode).toBe(
      403,
    );
    const active = await move(campaign.id, { to: 'active', version: campaign.version });
    expect(active.statusCode).toBe(200);
    expect(active.json().campaign).toMatchObject({ status: 'active', version: campaign.version + 1 });
    expect(active.json().campaign.activatedAt).not.toBeNull();
    const stale = await move(campaign.id, { to: 'closed', version: campaign.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().details.campaign).toMatchObject({ status: 'active', version: campaign.version + 1 });
    const illegal = await move(campaign.id, { to: 'active', version: campaign.version + 1 });
    expect(illegal.statusCode).toBe(409);
    const closed = await move(campaign.id, { to: 'closed', version: campaign.version + 1 });
    expect(closed.json().campaign.status).toBe('closed');
    expect((await move(campaign.id, { to: 'active', version: campaign.version + 2 })).statusCode).toBe(409);
    expect((await eventsOfType(t, 'campaign.activated')).map((event) => event.subject_id)).toContain(
      campaign.id,
    );
    expect((await eventsOfType(t, 'campaign.closed')).map((event) => event.subject_id)).toContain(
      campaign.id,
    );
  });

  it('the database refuses a backwards move even without the service', async () => {
    const [closed] = await t.database.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM campaigns WHERE status = 'closed' LIMIT 1`,
    );
    await expect(
      t.database.sql.query(`UPDATE campaigns SET status = 'staged' WHERE id = $1`, [closed!.id]),
    ).rejects.toThrow(/cannot move/);
  });
});
