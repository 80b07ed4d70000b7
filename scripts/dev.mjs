#!/usr/bin/env node
// `npm run dev`: the API with reload (tsx watch) and the Vite dev server together.
// Ctrl-C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const VITE_URL = 'http://localhost:5174';
const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const env = {
  ...process.env,
  // The browser talks to Vite, which proxies /api: cookies and Origin checks must use Vite's URL.
  PUBLIC_URL: process.env.PUBLIC_URL ?? VITE_URL,
  TRUSTED_ORIGINS: process.env.TRUSTED_ORIGINS ?? 'http://127.0.0.1:5174',
};

// Each child leads its own process group, so stopping it also stops what it started (tsx's server).
const start = (command, args) => spawn(command, args, { stdio: 'inherit', env, detached: true });
const children = [start(bin('tsx'), ['watch', '--clear-screen=false', 'src/server/main.ts']), start(bin('vite'), [])];

function signalAll(signal) {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  signalAll('SIGTERM');
  setTimeout(() => {
    signalAll('SIGKILL');
    process.exit(code);
  }, 3000).unref();
}

for (const child of children) {
  child.on('exit', (code) => {
    stop(code ?? 0);
    if (children.every((each) => each.exitCode !== null || each.signalCode !== null)) process.exit(code ?? 0);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
