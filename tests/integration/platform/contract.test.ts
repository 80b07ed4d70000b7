import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../../src/server/app.ts';
import { call, staffCookie, startTestApp, type TestApp, testAppParts } from '../../support/app.ts';
import { installContractCheck, takeContractViolations, validate } from '../../support/contract.ts';

type Operation = {
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

describe('the OpenAPI document agrees with the server', () => {
  let t: TestApp;
  let admin: string;
  let doc: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await staffCookie(t, 'admin')).cookie;
    doc = t.app.swagger() as unknown as typeof doc;
  });
  afterAll(async () => t?.close());

  it('lets a nullable enum be null, as the server answers it (Catch Stragglers channel)', () => {
    const preview = doc.paths['/api/admin/actions/catch-stragglers/preview']!.post!;
    const schema = preview.responses['200']!.content!['application/json']!.schema as {
      properties: { stragglers: { items: { properties: { channel: { enum: unknown[] } } } } };
    };
    expect(schema.properties.stragglers.items.properties.channel.enum).toContain(null);
  });

  it('documents the exports 200 as a file, and 413 and 414 on every admin route', () => {
    for (const path of ['/api/admin/events/export', '/api/admin/users/export']) {
      const content = doc.paths[path]!.get!.responses['200']!.content!;
      expect(Object.keys(content)).toEqual(['text/csv', 'application/x-ndjson']);
    }
    const mission = doc.paths['/api/admin/missions/{id}']!;
    const operation = Object.values(mission)[0]!;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['413', '414']));
  });

  it('answers a path parameter over the length limit with 414 in our error shape', async () => {
    const response = await call(t, {
      method: 'GET',
      url: `/api/admin/missions/${'a'.repeat(500)}`,
      cookie: admin,
    });
    expect(response.statusCode).toBe(414);
    expect(response.json()).toEqual({ code: 'uri_too_long', message: expect.any(String) });
  });

  it('answers a body over the limit with 413 and its own code', async () => {
    const response = await call(t, {
      method: 'POST',
      url: '/api/admin/missions',
      cookie: admin,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(1_100_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });
});

describe('the contract check (tests/support/contract.ts)', () => {
  it('records an undocumented status, an undocumented content type and a body off its schema', async () => {
    // A probe route of the test's own, registered after the check, as every product route is.
    const { logStream, ...parts } = await testAppParts();
    const app = await buildApp({
      ...parts,
      logStream,
      instrument: (instance) => {
        installContractCheck(instance);
        instance.get(
          '/api/contract-probe',
          {
            config: { guard: 'public' },
            schema: { response: { 200: z.object({ channel: z.enum(['a', 'b']) }) } },
          },
          async (request, reply) => {
            const mode = (request.query as { mode?: string }).mode;
            if (mode === 'status') return reply.status(418 as 200).send({ channel: 'a' });
            if (mode === 'type') return reply.type('text/plain').send('plain');
            return reply.type('application/json').send(JSON.stringify({ channel: null, extra: 1 }));
          },
        );
      },
    });
    await app.ready();
    try {
      for (const mode of ['status', 'type', 'body'])
        await app.inject({ url: `/api/contract-probe?mode=${mode}` });
      const found = takeContractViolations();
      expect(found).toEqual([
        expect.stringMatching(/GET \/api\/contract-probe answered 418: status 418 is not documented/),
        expect.stringMatching(/content type "text\/plain" is not documented/),
        expect.stringMatching(/body.channel: expected string, got null.*body.extra: not documented/),
      ]);
    } finally {
      await app.close();
      await parts.database.close();
    }
  });

  it('follows OpenAPI 3.0: null needs nullable, and a nullable enum must list null', () => {
    expect(validate({ type: 'string' }, null, 'x')).toHaveLength(1);
    expect(validate({ type: 'string', nullable: true }, null, 'x')).toEqual([]);
    expect(validate({ type: 'string', nullable: true, enum: ['a'] }, null, 'x')).toHaveLength(1);
    expect(validate({ type: 'string', nullable: true, enum: ['a', null] }, null, 'x')).toEqual([]);
    expect(validate({ type: 'integer' }, 1.5, 'x')).toHaveLength(1);
    expect(validate({ frobnicate: true }, 1, 'x')[0]).toMatch(/does not know the keyword/);
  });
});
