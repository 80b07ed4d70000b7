import { relative } from 'node:path';
import { analyticsBenchmark } from './analytics.ts';
import { auditBenchmark } from './audit.ts';
import { catalogBenchmark } from './catalog.ts';
import { communityBenchmark } from './community.ts';
import { eventsBenchmark } from './events.ts';
import {
  type Benchmark,
  formatTable,
  machineInfo,
  machineRows,
  withDatabase,
  withFreshDatabase,
  writeResults,
} from './lib/harness.ts';
import { pulseBenchmark } from './pulse.ts';
import { streamBenchmark } from './stream.ts';
import { usersBenchmark } from './users.ts';
import { webhooksBenchmark } from './webhooks.ts';

const BENCHMARKS: Benchmark[] = [
  auditBenchmark,
  streamBenchmark,
  usersBenchmark,
  pulseBenchmark,
  catalogBenchmark,
  webhooksBenchmark,
  analyticsBenchmark,
  communityBenchmark,
  eventsBenchmark,
];

function list() {
  console.log(
    'Usage: npm run bench -- <name>    (server: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)\n',
  );
  console.log('Benchmarks:');
  for (const bench of BENCHMARKS) console.log(`  ${bench.name.padEnd(8)} ${bench.description}`);
}

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name) {
    list();
    return 0;
  }
  const bench = BENCHMARKS.find((candidate) => candidate.name === name);
  if (!bench) {
    console.error(`Unknown benchmark "${name}".\n`);
    list();
    return 2;
  }

  const startedAt = new Date();
  const log = (line: string) => console.log(`  · ${line}`);
  console.log(`Benchmark ${bench.name}: ${bench.description}`);
  const serverHost = new URL(withDatabase('postgres')).host;
  console.log(`  · server ${serverHost}, fresh database bench_${bench.name}_*`);

  const { machine, outcome } = await withFreshDatabase(bench.name, async (url) => {
    const machine = await machineInfo(url);
    const outcome = await bench.run({ url, log });
    return { machine, outcome };
  });
  const finishedAt = new Date();

  console.log(`\nMachine\n${formatTable(machineRows(machine))}`);
  for (const table of outcome.tables) console.log(`\n${table.title}\n${formatTable(table.rows)}`);
  console.log('\nTargets');
  for (const target of outcome.targets) {
    const verdict = target.pass ? 'PASS' : target.informational ? 'FAIL (informational)' : 'FAIL';
    console.log(`  ${verdict.padEnd(20)} ${target.name}: ${target.actual} (target ${target.target})`);
  }
  const decisive = outcome.targets.filter((target) => !target.informational);
  const passed = decisive.every((target) => target.pass);

  const file = writeResults(
    bench.name,
    {
      benchmark: bench.name,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      machine,
      passed,
      targets: outcome.targets,
      ...outcome.data,
    },
    startedAt,
  );
  console.log(
    `\n${passed ? 'PASS' : 'FAIL'}: ${bench.name} in ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1)} s`,
  );
  console.log(`results: ${relative(process.cwd(), file)}`);
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
