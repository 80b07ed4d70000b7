import { afterEach, vi } from 'vitest';

// A test that logs console.error fails: errors must be asserted, not printed. Test files share a
// worker's modules (isolate: false), so console.error is wrapped once per worker, not once per file.
const RECORDED = Symbol.for('mission-control.console-errors');
type Recording = { errors: unknown[][] };
const state = globalThis as typeof globalThis & { [RECORDED]?: Recording };
function startRecording(): Recording {
  const created: Recording = { errors: [] };
  const original = console.error;
  console.error = (...args: unknown[]) => {
    created.errors.push(args);
    original(...args);
  };
  return created;
}
state[RECORDED] ??= startRecording();
const recording = state[RECORDED];
afterEach(() => {
  if (recording.errors.length > 0) {
    const first = recording.errors.splice(0).map((args) => args.map(String).join(' '));
    throw new Error(`console.error was called:\n${first.join('\n')}`);
  }
  vi.restoreAllMocks();
});
