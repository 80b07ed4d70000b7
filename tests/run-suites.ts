// `npm test`: the server suites (PGlite, and Postgres with TEST_DATABASE_URL) and the browser suite
// at the same time, as two Vitest runs. Vitest runs projects with different worker counts one after
// the other (the browser suite takes one file at a time), which left a core idle for half the suite;
// side by side the suite takes about two thirds of the time, and the browser tests prove they wait
// for states, not times, on a machine the server tests keep busy. Each run's lines are prefixed with
// its name; the exit code is the first failure's. Extra arguments go to both runs.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const postgres = Boolean(process.env.TEST_DATABASE_URL?.trim());
const runs = [
  { name: 'server', projects: postgres ? ['pglite', 'postgres'] : ['pglite'] },
  { name: 'browser', projects: ['e2e'] },
];

function run(name: string, projects: string[]): Promise<number> {
  const args = [
    vitest,
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    ...process.argv.slice(2),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
  });
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const started = Date.now();
const codes = await Promise.all(runs.map((entry) => run(entry.name, entry.projects)));
const seconds = ((Date.now() - started) / 1000).toFixed(0);
for (const [index, entry] of runs.entries()) {
  console.log(`${entry.name}: ${codes[index] === 0 ? 'passed' : `FAILED (exit ${codes[index]})`}`);
}
console.log(`npm test: ${seconds} s`);
process.exit(codes.find((code) => code !== 0) ?? 0);
