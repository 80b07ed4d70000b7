import { join } from 'node:path';
import { toolEnv } from '../../src/server/config.ts';

/** Which engine this Vitest project runs on (set per project in vitest.config.ts). */
export const ENGINE: 'pglite' | 'postgres' =
  process.env.MC_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export const IMAGE_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  '.cache',
  'mission-control-tests',
);

export function serverUrl(): string {
  const url = toolEnv().testDatabaseUrl;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

/** The server URL pointed at another database on the same server. */
export function withDatabase(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export function templateName(): string {
  return `mc_test_template_${process.env.MC_TEST_RUN ?? 'local'}`;
}
