import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The walls between folders are lint rules (biome.json): a module reaches another only through its
 * index.ts; platform/, db/ and integrations/ never import a module; db/ and integrations/ never
 * import platform/; the web never imports the server; contracts import neither; no import cycle.
 *
 * Each forbidden kind is written into a scratch copy of the tree that carries the repository's own
 * biome.json, and linted there: nothing is written into src. (Biome's --stdin-file-path mode prints
 * no diagnostics, so a file on disk is the only way to see them.)
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');
const run = promisify(execFile);

type Diagnostic = { category: string; location: { path: string } };

const FORBIDDEN: Record<string, { source: string; rule: string }> = {
  'src/server/modules/actions/probe.ts': {
    source: "import { runHealthPulse } from '../signals/pulse.ts';\n\nexport const probe = runHealthPulse;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/server/modules/users/service/probe.ts': {
    source: "import { DETECTORS } from '../../signals/detectors.ts';\n\nexport const probe = DETECTORS;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/server/modules/refunds/probe.ts': {
    source:
      "import { loadMission } from '../../modules/missions/service.ts';\n\nexport const probe = loadMission;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/server/platform/probe.ts': {
    source: "import { missions } from '../modules/missions/index.ts';\n\nexport const probe = missions;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/server/db/probe.ts': {
    source:
      "import type { ServerModule } from '../modules/users/index.ts';\n\nexport type Probe = ServerModule;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/server/integrations/probe.ts': {
    source: "import { mutate } from '../platform/mutation.ts';\n\nexport const probe = mutate;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/web/modules/users/probe.ts': {
    source:
      "import { listUsers } from '../../../server/modules/users/service/list-users.ts';\n\nexport const probe = listUsers;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/contracts/probe-server.ts': {
    source: "import { AppError } from '../server/errors.ts';\n\nexport const probe = AppError;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  'src/contracts/probe-web.ts': {
    source: "import { api } from '../web/lib/api.ts';\n\nexport const probe = api;\n",
    rule: 'lint/style/noRestrictedImports',
  },
  // Type-only imports count: a cycle of types is still a knot in the design.
  'src/server/platform/cycle-a.ts': {
    source: "import type { B } from './cycle-b.ts';\n\nexport type A = { b: B };\n",
    rule: 'lint/suspicious/noImportCycles',
  },
  'src/server/platform/cycle-b.ts': {
    source: "import type { A } from './cycle-a.ts';\n\nexport type B = { a: A };\n",
    rule: 'lint/suspicious/noImportCycles',
  },
};

/** The ways in that stay open: the same rules must not refuse these. */
const ALLOWED: Record<string, string> = {
  'src/server/modules/actions/allowed.ts': [
    "import { runHealthPulse } from '../signals/index.ts';",
    "import { mutate } from '../../platform/mutation.ts';",
    "import { rows } from '../../db/client.ts';",
    "import { AppError } from '../../errors.ts';",
    "import { GrantTokensBody } from '../../../contracts/actions.ts';",
    "import { routes } from './routes.ts';",
    '',
    'export const allowed = [runHealthPulse, mutate, rows, AppError, GrantTokensBody, routes];',
    '',
  ].join('\n'),
  'src/server/modules/users/service/allowed.ts': [
    "import { readSettings } from '../../system/index.ts';",
    "import { loadUserRow } from './user-rows.ts';",
    "import { routes } from '../routes.ts';",
    '',
    'export const allowed = [readSettings, loadUserRow, routes];',
    '',
  ].join('\n'),
  'src/server/integrations/allowed.ts': [
    "import { AppError } from '../errors.ts';",
    "import { rows } from '../db/client.ts';",
    '',
    'export const allowed = [AppError, rows];',
    '',
  ].join('\n'),
  'src/web/modules/users/allowed.ts': [
    "import { UsersListQuery } from '../../../contracts/users.ts';",
    '',
    'export const allowed = UsersListQuery;',
    '',
  ].join('\n'),
};

async function lint(cwd: string, paths: string[]): Promise<{ code: number; diagnostics: Diagnostic[] }> {
  try {
    const { stdout } = await run(BIOME, ['lint', '--reporter=json', ...paths], { cwd });
    return { code: 0, diagnostics: JSON.parse(stdout).diagnostics };
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    return { code, diagnostics: JSON.parse(stdout).diagnostics };
  }
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'mc-walls-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8'));
  delete config.$schema;
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
  const files = {
    ...Object.fromEntries(Object.entries(FORBIDDEN).map(([path, { source }]) => [path, source])),
    ...ALLOWED,
  };
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), source);
  }
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the walls (npm run lint)', () => {
  it('refuses a wrong import of each forbidden kind, and an import cycle', async () => {
    const { code, diagnostics } = await lint(scratch, ['src']);
    expect(code).not.toBe(0);
    for (const [path, { rule }] of Object.entries(FORBIDDEN)) {
      const found = diagnostics.filter((diagnostic) => diagnostic.location.path === path);
      expect(
        found.map((diagnostic) => diagnostic.category),
        path,
      ).toContain(rule);
    }
  });

  it('lets the allowed ways in through', async () => {
    const { diagnostics } = await lint(scratch, ['src']);
    const errors = diagnostics.filter(
      (diagnostic) =>
        diagnostic.location.path in ALLOWED && /noRestrictedImports|noImportCycles/.test(diagnostic.category),
    );
    expect(errors).toEqual([]);
  });

  it('holds in the real tree', async () => {
    const { code, diagnostics } = await lint(ROOT, ['src', 'tests', 'bench']);
    expect(
      diagnostics.filter((diagnostic) => /noRestrictedImports|noImportCycles/.test(diagnostic.category)),
    ).toEqual([]);
    expect(code).toBe(0);
  });
});
