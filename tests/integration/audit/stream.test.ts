import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';
import { startServerProcess } from '../../support/server-process.ts';
import { SseClient } from '../../support/sse.ts';

let t: TestApp;
let base: string;
const open: SseClient[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const client of open) client.close();
  await t?.close();
});

async function connect(cookie: string, extra: Record<string, string> = {}, url = `${base}/api/admin/stream`) {
  const client = await SseClient.connect(url, { cookie, ...extra });
  open.push(client);
  return client;
}

const ipEvent = (marker: string) =>
  appendEvents(t.database.db, { ...SYSTEM_CONTEXT, ip: '198.51.100.23' }, [
    {
      type: 'test.streamed',
      subjectId: marker,
      payload: { seenFrom: '2001:db8:85a3:1:2:3:4:5', note: 'from 198.51.100.23' },
    },
  ]);

describe('GET /api/admin/stream', () => {
  it('ends open streams with a reconnect event when the server shuts down, without holding up close()', async () => {
    const closing = await startTestApp();
    await closing.app.listen({ host: '127.0.0.1', port: 0 });
    const address = closing.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = await connect(
      (await staffCookie(closing, 'admin')).cookie,
      {},
      `http://127.0.0.1:${port}/api/admin/stream`,
    );
    expect(client.status).toBe(200);
    const started = Date.now();
    await closing.close();
    expect(Date.now() - started).toBeLessThan(3000);
    await client.waitFor((m) => m.event === 'reconnect', 2000);
  });

  it('delivers an event committed after connecting, within a second', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const client = await connect(cookie);
    expect(client.status).toBe(200);
    const started = Date.now();
    await ipEvent('live-1');
    const message = await client.waitFor((m) => m.data.includes('"live-1"'), 2000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(message.id).toMatch(/^\d+$/);
  });

  it('masks IPs (column and payload) for a role without view_pii, and shows them to one with it', async () => {
    const support = await connect((await staffCookie(t, 'support')).cookie);
    const developer = await connect((await staffCookie(t, 'developer')).cookie);
    await ipEvent('mask-1');
    await support.waitFor((m) => m.data.includes('"mask-1"'));
    await developer.waitFor((m) => m.data.includes('"mask-1"'));
    const seenBySupport = support.events().find((event) => JSON.stringify(event).includes('mask-1'))!;
    const seenByDeveloper = developer.events().find((event) => JSON.stringify(event).includes('mask-1'))!;
    expect(seenBySupport.ip).toBe('198.51.100.xxx');
    expect(seenBySupport.payload).toEqual({
      seenFrom: '2001:db8:85a3:1:xxxx:xxxx:xxxx:xxxx',
      note: 'from 198.51.100.xxx',
    });
    expect(seenByDeveloper.ip).toBe('198.51.100.23');
    expect(JSON.stringify(support.messages)).not.toMatch(/198\.51\.100\.23|2001:db8:85a3:1:2:3:4:5/);
  });

  it('shows a role without view_audit only activity, even when replaying from the first event', async () => {
    await appendEvents(t.database.db, SYSTEM_CONTEXT, [
      { type: 'staff.granted', subjectId: 'secret-grant' },
      { type: 'mission.moved', subjectId: 'visible-move' },
    ]);
    const moderator = await connect((await staffCookie(t, 'moderator')).cookie, { 'last-event-id': '0' });
    await moderator.waitFor((m) => m.data.includes('visible-move'));
    expect(moderator.events().map((event) => event.type)).not.toContain('staff.granted');
    expect(JSON.stringify(moderator.messages)).not.toContain('secret-grant');
    const developer = await connect((await staffCookie(t, 'developer')).cookie, { 'last-event-id': '0' });
    await developer.waitFor((m) => m.data.includes('secret-grant'));
  });

  it('resumes after Last-Event-ID with exactly the events it missed, in order', async () => {
    const { cookie } = await staffCookie(t, 'admin');
    const first = await connect(cookie);
    await ipEvent('resume-a');
    const seen = await first.waitFor((m) => m.data.includes('"resume-a"'));
    first.close();
    await ipEvent('resume-b');
    // Enough rows to cross id 9 → 10: ids must order as numbers, never as text.
    for (let i = 0; i < 10; i++) await ipEvent(`resume-filler-${i}`);
    await ipEvent('resume-c');
    const resumed = await connect(cookie, { 'last-event-id': seen.id! });
    await resumed.waitFor((m) => m.data.includes('"resume-c"'));
    const ids = resumed.messages.filter((m) => m.event === 'message').map((m) => BigInt(m.id!));
    expect(ids.every((id) => id > BigInt(seen.id!))).toBe(true);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(resumed.messages.filter((m) => m.data.includes('"resume-b"'))).toHaveLength(1);
  });

  it('refuses without a session (401) and rejects a malformed Last-Event-ID (400)', async () => {
    const anonymous = await connect('');
    expect(anonymous.status).toBe(401);
    const bad = await connect((await staffCookie(t, 'admin')).cookie, { 'last-event-id': 'abc' });
    expect(bad.status).toBe(400);
  });

  it('ends the stream with step_up_required when the step-up expires', async () => {
    const short = await startTestApp({ ADMIN_SESSION_TIMEOUT: '1500ms' });
    try {
      await short.app.listen({ host: '127.0.0.1', port: 0 });
      const address = short.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const client = await connect(
        (await staffCookie(short, 'developer')).cookie,
        {},
        `http://127.0.0.1:${port}/api/admin/stream`,
      );
      await client.waitFor((m) => m.event === 'step_up_required', 4000);
      await expect(client.waitFor(() => false, 1000)).rejects.toThrow(/ended/);
    } finally {
      await short.close();
    }
  });
});

// PGlite lives inside one process, so a second process can only share a Postgres server.
describe.runIf(ENGINE === 'postgres')('across server processes (Postgres LISTEN/NOTIFY)', () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('delivers an event committed through this process to a client of another process', async () => {
    // DEMO_DATA left unset: with DATABASE_URL it must default to off.
    const second = await startServerProcess({ DATABASE_URL: t.database.url! });
    child = second.child;
    const other = second.url;
    const client = await connect((await staffCookie(t, 'developer')).cookie, {}, `${other}/api/admin/stream`);
    expect(client.status).toBe(200);
    await client.waitFor((m) => m.event === 'message' || m.event === 'ready', 3000).catch(() => null);
    await ipEvent('cross-instance');
    const message = await client.waitFor((m) => m.data.includes('"cross-instance"'), 5000);
    expect(message.id).toMatch(/^\d+$/);
    // When the LISTEN connection dies, the hub reconnects and catches up from the table.
    await t.database.sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    await ipEvent('after-listen-lost');
    await client.waitFor((m) => m.data.includes('"after-listen-lost"'), 8000);
    // With DATABASE_URL and DEMO_DATA unset, the second server made no demo accounts.
    expect(
      await t.database.sql.query(`SELECT 1 FROM users WHERE email LIKE '%@demo.mission-control.test'`),
    ).toEqual([]);
  }, 60_000);
});
