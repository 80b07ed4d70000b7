import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * The server and the CLI take this lock file; a stale one (its process gone) is taken over.
 */
export function acquireEmbeddedLock(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'mission-control.lock');
  if (existsSync(file)) {
    const [pidText, other] = readFileSync(file, 'utf8').split('\n');
    const pid = Number(pidText);
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is open in another process (${other ?? 'unknown'}, pid ${pid}). ` +
          'Stop it first, or point DATABASE_URL at a Postgres server to run several processes.',
      );
    }
  }
  writeFileSync(file, `${process.pid}\n${holder}\n`);
  return () => {
    try {
      if (readFileSync(file, 'utf8').startsWith(`${process.pid}\n`)) rmSync(file);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
