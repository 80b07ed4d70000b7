import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustScore } from '../../../src/server/modules/catalog/service/submissions.ts';
import {
  call,
  createMember,
  eventsOfType,
  sessionCookie,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

let t: TestApp;
let admin: { cookie: string; email: string };
let other: string;
let category: string;
let submitter: string;

const post = (url: string, payload: unknown, cookie = admin.cookie) =>
  call(t, { method: 'POST', url, cookie, payload: payload as object });
const detail = async (id: string) =>
  (await call(t, { method: 'GET', url: `/api/admin/submissions/${id}`, cookie: admin.cookie })).json();

async function submission(title: string, status = 'pending'): Promise<string> {
  const [row] = await t.database.sql.query<{ id: string }>(
    `INSERT INTO submissions (submitter_id, title, description, proposed_price, proposed_category_id, status,
                              reject_reason, reviewed_at, created_at)
     VALUES ($1, $2, 'A member design', 24.5, $3, $4, CASE WHEN $4 = 'rejected' THEN 'pricing' END,
             CASE WHEN $4 <> 'pending' THEN now() END, now() - interval '1 day')
     RETURNING id::text AS id`,
    [submitter, title, category, status],
  );
  return row!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const staff = await staffCookie(t, 'admin');
  admin = { cookie: staff.cookie, email: staff.account.email };
  other = (await staffCookie(t, 'developer')).cookie;
  category = (await post('/api/admin/categories', { name: 'Prints' })).json().category.id;
  submitter = (await createMember(t)).userId;
  await submission('Old approved', 'approved');
  await submission('Old rejected', 'rejected');
  await submission('Old approved 2', 'approved');
});
afterAll(async () => t?.close());

describe('trust score', () => {
  it('is (approved + 1) / (approved + rejected + 2), as a percentage', () => {
    expect(trustScore(0, 0)).toBe(50);
    expect(trustScore(2, 1)).toBe(60);
    expect(trustScore(8, 0)).toBe(90);
  });
});

describe('submissions', () => {
  it('lists by status with counts and shows the drawer with stats and timeline', async () => {
    const id = await submission('Nebula poster');
    const list = await call(t, {
      method: 'GET',
      url: '/api/admin/submissions?status=pending',
      cookie: admin.cookie,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().rows.map((row: { title: string }) => row.title)).toEqual(['Nebula poster']);
    expect(list.json().counts).toEqual({ pending: 1, approved: 2, rejected: 1 });
    const body = await detail(id);
    expect(body.submitterStats).toEqual({ prior: 3, approved: 2, rejected: 1, pending: 0, trustScore: 60 });
    expect(body.timeline.map((entry: { status: string }) => entry.status)).toEqual(['pending']);
    expect(body.submission).toMatchObject({ proposedPrice: '24.50', proposedCategory: { name: 'Prints' } });
  });

  it('approves into a draft product, both events in one transaction; a second decision gets 409 with who', async () => {
    const id = await submission('Comet print');
    const approved = await post(`/api/admin/submissions/${id}/approve`, { version: 1 });
    expect(approved.statusCode, approved.body).toBe(200);
    const { submission: after, product } = approved.json();
    expect(product).toMatchObject({
      title: 'Comet print',
      price: '24.50',
      stock: 0,
      status: 'draft',
      submissionId: id,
      categories: [{ name: 'Prints' }],
    });
    expect(after).toMatchObject({ status: 'approved', version: 2, product: { id: product.id } });
    expect(after.reviewer.email).toBe(admin.email);
    const [approvedEvent] = (await eventsOfType(t, 'submission.approved')).slice(-1);
    const [createdEvent] = (await eventsOfType(t, 'product.created')).slice(-1);
    expect(approvedEvent).toMatchObject({ subject_id: id, request_id: createdEvent?.request_id });
    expect(createdEvent?.subject_id).toBe(product.id);

    const late = await post(
      `/api/admin/submissions/${id}/reject`,
      { version: 1, reason: 'duplicate' },
      other,
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain(admin.email);
    expect(late.json().details.submission).toMatchObject({
      status: 'approved',
      reviewer: { email: admin.email },
    });
    const timeline = (await detail(id)).timeline;
    expect(timeline.map((entry: { status: string; by: string }) => [entry.status, entry.by])).toEqual([
      ['pending', expect.any(String)],
      ['approved', admin.email],
    ]);
  });

  it('rejects with a canned reason; "other" needs a note; unknown reasons are 400', async () => {
    const id = await submission('Zero-G mug');
    const noNote = await post(`/api/admin/submissions/${id}/reject`, { version: 1, reason: 'other' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().details[0].path).toBe('body.note');
    const unknown = await post(`/api/admin/submissions/${id}/reject`, { version: 1, reason: 'ugly' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].path).toBe('body.reason');
    const rejected = await post(`/api/admin/submissions/${id}/reject`, {
      version: 1,
      reason: 'other',
      note: 'Too close to a trademark',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().submission).toMatchObject({
      status: 'rejected',
      rejectReason: 'other',
      rejectNote: 'Too close to a trademark',
    });
    expect((await eventsOfType(t, 'submission.rejected')).at(-1)).toMatchObject({
      subject_id: id,
      payload: { reason: 'other', note: 'Too close to a trademark' },
    });
  });

  it('serves attachments as downloads', async () => {
    const id = await submission('With files');
    const [file] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO submission_attachments (submission_id, filename, content_type, size_bytes, storage_key, content)
       VALUES ($1, 'notes.txt', 'text/plain', 5, 'db:', convert_to('hello', 'UTF8')) RETURNING id::text AS id`,
      [id],
    );
    const body = await detail(id);
    expect(body.attachments).toMatchObject([{ filename: 'notes.txt', sizeBytes: 5, downloadable: true }]);
    const download = await call(t, {
      method: 'GET',
      url: `/api/admin/submissions/${id}/attachments/${file!.id}`,
      cookie: admin.cookie,
    });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('hello');
    expect(download.headers['content-disposition']).toBe('attachment; filename="notes.txt"');
  });

  it('takes a member proposal with its files; bad input is a 400 naming the field, nothing written', async () => {
    const member = await createMember(t);
    const cookie = await sessionCookie(t, member.userId);
    const file = {
      filename: 'notes.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('hi').toString('base64'),
    };
    const bad: [Record<string, unknown>, string][] = [
      [
        { title: 'x', attachments: [{ ...file, filename: `${'a'.repeat(300)}.txt` }] },
        'body.attachments.0.filename',
      ],
      [{ title: 'x\u0000y' }, 'body.title'],
      [{ title: 'x', proposedPrice: -3 }, 'body.proposedPrice'],
      [{ title: 'x', categoryId: '7b0a4a52-7a8d-4f0e-9a53-8ea7e0f7a004' }, 'body.categoryId'],
    ];
    for (const [payload, path] of bad) {
      const response = await post('/api/user/submissions', payload, cookie);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(response.json().details)).toContain(path);
    }
    const [before] = await t.database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM submissions WHERE submitter_id = $1`,
      [member.userId],
    );
    expect(before?.n).toBe(0);
    const created = await post(
      '/api/user/submissions',
      { title: 'Member mug', proposedPrice: '12.00', categoryId: category, attachments: [file] },
      cookie,
    );
    expect(created.statusCode, created.body).toBe(200);
    const { submission } = created.json();
    expect(submission).toMatchObject({ title: 'Member mug', status: 'pending' });
    const body = await detail(submission.id);
    expect(body.submission.submitter.id).toBe(member.userId);
    expect(body.attachments).toMatchObject([{ filename: 'notes.txt', sizeBytes: 2, downloadable: true }]);
    expect((await eventsOfType(t, 'submission.created')).at(-1)).toMatchObject({ subject_id: submission.id });
  });

  it('takes three files of 512 KiB each, above the app-wide body limit', async () => {
    const member = await createMember(t);
    const cookie = await sessionCookie(t, member.userId);
    const big = (n: number) => ({
      filename: `photo-${n}.bin`,
      contentType: 'application/octet-stream',
      contentBase64: Buffer.alloc(512 * 1024, n).toString('base64'),
    });
    const created = await post(
      '/api/user/submissions',
      { title: 'Three photos', attachments: [big(1), big(2), big(3)] },
      cookie,
    );
    expect(created.statusCode, created.body.slice(0, 300)).toBe(200);
    const body = await detail(created.json().submission.id);
    expect(body.attachments.map((file: { sizeBytes: number }) => file.sizeBytes)).toEqual([
      524_288, 524_288, 524_288,
    ]);
  });
});
