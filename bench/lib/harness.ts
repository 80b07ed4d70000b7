import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { toolEnv } from '../../src/server/config.ts';
import { connectOnce } from '../../src/server/db/client.ts';
import { migrate } from '../../src/server/db/migrate.ts';

export const RESULTS_DIR = join(import.meta.dirname, '..', 'results');

/** A figure compared with its target; `pass` decides the exit code. */
export type Target = {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
  /** Printed as PASS/FAIL but does not decide the exit code (a detail of a target decided elsewhere). */
  informational?: boolean;
};

export type BenchOutcome = {
  /** Readable sections, printed as tables in this order. */
  tables: { title: string; rows: Record<string, string | number>[] }[];
  targets: Target[];
  /** Everything measured, for the JSON file. */
  data: Record<string, unknown>;
};

export type Benchmark = {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchOutcome>;
};

export type BenchContext = {
  /** URL of the fresh, migrated database of this run. */
  url: string;
  log(line: string): void;
};

export type MachineInfo = {
  cpus: number;
  cpuModel: string;
  totalMemGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
  loadAverage: number[];
  postgres: string;
  postgresSettings: Record<string, string>;
};

/** The server URL from BENCH_DATABASE_URL (or the local default), pointed at database `name`. */
export function withDatabase(name: string): string {
  const url = new URL(toolEnv().benchDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function serverUrl(): string {
  return toolEnv().benchDatabaseUrl;
}

/**
 * Runs `work` on a database of its own (bench_<name>_<random>, migrated), dropped afterwards even if
 * the work fails or the run is interrupted with Ctrl-C.
 */
export async function withFreshDatabase<T>(benchName: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_${benchName}_${randomBytes(4).toString('hex')}`;
  const admin = await connectOnce(serverUrl());
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const cleanup = await connectOnce(serverUrl());
    try {
      await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await cleanup.close();
    }
  };
  const onSignal = () => {
    process.stderr.write(`\ninterrupted: dropping ${name}\n`);
    drop()
      .catch((error) => process.stderr.write(`could not drop ${name}: ${String(error)}\n`))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const url = withDatabase(name);
    const owner = await connectOnce(url);
    try {
      await migrate(owner);
    } finally {
      await owner.close();
    }
    return await work(url);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await drop();
  }
}

export async function machineInfo(url: string): Promise<MachineInfo> {
  const sql = await connectOnce(url);
  try {
    const version = await sql.query<{ version: string }>('SELECT version()');
    const settings = await sql.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'max_connections', 'shared_buffers')
        ORDER BY name`,
    );
    const list = cpus();
    return {
      cpus: list.length,
      cpuModel: list[0]?.model ?? 'unknown',
      totalMemGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
      postgres: version[0]?.version ?? 'unknown',
      postgresSettings: Object.fromEntries(
        settings.map((row) => [row.name, row.unit ? `${row.setting} (${row.unit})` : row.setting]),
      ),
    };
  } finally {
    await sql.close();
  }
}

export function formatTable(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (row: Record<string, string | number>, column: string) => String(row[column] ?? '');
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row, column).length)),
  );
  const numeric = columns.map((column) =>
    rows.every((row) => /^[\d.,\-–\s]+(ms|%|\/s)?$/.test(cell(row, column)) || cell(row, column) === ''),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!))).join(' | ')} |`;
  return [
    line(columns),
    `|${widths.map((width, i) => (numeric[i] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`,
    ...rows.map((row) => line(columns.map((column) => cell(row, column)))),
  ].join('\n');
}

export function machineRows(machine: MachineInfo): Record<string, string | number>[] {
  return [
    { item: 'CPU', value: `${machine.cpus} × ${machine.cpuModel}` },
    { item: 'memory', value: `${machine.totalMemGiB} GiB` },
    { item: 'node', value: `${machine.node} (${machine.platform})` },
    { item: 'load average at start', value: machine.loadAverage.join(' / ') },
    { item: 'postgres', value: machine.postgres },
    ...Object.entries(machine.postgresSettings).map(([name, setting]) => ({
      item: `pg ${name}`,
      value: setting,
    })),
  ];
}

/** File-name-safe ISO timestamp: 2025-01-31T12-34-56Z. */
export function fileStamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

export function writeResults(name: string, body: unknown, date = new Date()): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}-${fileStamp(date)}.json`);
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
