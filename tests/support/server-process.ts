import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_SECRET } from './app.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'server', 'main.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A real second server process (`src/server/main.ts`) on a free port, API only, with the test key;
 * `env` adds its settings (DATABASE_URL at least). Resolves once /api/healthz answers.
 */
export async function startServerProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      MC_SECRET_KEY: TEST_SECRET,
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (
    !(await fetch(`${url}/api/healthz`)
      .then((response) => response.ok)
      .catch(() => false))
  ) {
    if (child.exitCode !== null) throw new Error(`server process exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('server process did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, url };
}
