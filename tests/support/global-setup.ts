import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectOnce, createPglite, fromPglite } from '../../src/server/db/client.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { IMAGE_DIR, templateName, withDatabase } from './engines.ts';

/**
 * Migrates once per run: PGlite → a dumped data folder every test file loads; Postgres → a template
 * database every test file copies (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  // Global set-up runs in the main process, without the project's env: the project name says the engine.
  if (project.name !== 'postgres') {
    // One image per run, shared by the PGlite projects (server tests and browser tests).
    const file = join(IMAGE_DIR, `template-${process.pid}.tar`);
    if (!existsSync(file)) {
      const client = await createPglite();
      await migrate(fromPglite(client, 'memory').sql);
      const image = await client.dumpDataDir('none');
      await client.close();
      mkdirSync(IMAGE_DIR, { recursive: true });
      writeFileSync(`${file}.partial`, Buffer.from(await image.arrayBuffer()));
      renameSync(`${file}.partial`, file);
    }
    project.provide('pgliteImage', file);
    return () => rmSync(file, { force: true });
  }
  const template = templateName();
  const admin = await connectOnce(withDatabase('postgres'));
  await admin.exec(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${template}`);
  const templateDb = await connectOnce(withDatabase(template));
  await migrate(templateDb);
  await templateDb.close();
  project.provide('pgliteImage', '');
  return async () => {
    await admin.exec(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImage: string;
  }
}
