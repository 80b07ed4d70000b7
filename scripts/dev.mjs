#!/usr/bin/env node
// `npm run dev`: the API with reload (tsx watch) and the Vite dev server together.
// Ctrl-C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';

const VITE_URL = 'http://localhost:5174';
const env = {
  ...process.env,
  // The browser talks to Vite, which proxies /api: cookies and Origin checks must use Vite's URL.
  PUBLIC_URL: process.env.PUBLIC_URL ?? VITE_URL,
  TRUSTED_ORIGINS: process.env.TRUSTED_ORIGINS ?? 'http://127.0.0.1:5174',
};

const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'src/server/main.ts'], { stdio: 'inherit', env }),
  spawn('npx', ['vite'], { stdio: 'inherit', env }),
];

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    process.exit(code);
  }, 3000).unref();
}

for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) stop(code ?? 1);
    if (children.every((each) => each.exitCode !== null || each.signalCode !== null)) process.exit(code ?? 0);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
