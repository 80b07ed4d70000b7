import { useSyncExternalStore } from 'react';
import type { AuditEvent } from '../../contracts/audit.ts';
import type { MeResponse } from '../../contracts/auth.ts';
import { api, staffOnly } from './api.ts';
import { onStepUp, requireStepUp } from './step-up.ts';

/**
 * The Live Activity stream: one EventSource on /api/admin/stream for the whole console, its events
 * newest first (de-duplicated by id, capped), and a connection status for the "live" dot.
 * The browser itself reconnects with Last-Event-ID after a network drop. When the server ends the
 * stream because the step-up expired, we stop and reconnect after the next successful step-up.
 */
export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'paused';
export type TickerState = { events: AuditEvent[]; status: StreamStatus };

const CAP = 200;
const URL = '/api/admin/stream';

let state: TickerState = { events: [], status: 'idle' };
let source: EventSource | null = null;
let wanted = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();
const eventListeners = new Set<(event: AuditEvent) => void>();

/** Runs `listener` for each new event the stream brings (once per event); answers the unsubscribe. */
export function onLiveEvent(listener: (event: AuditEvent) => void): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

function setState(next: Partial<TickerState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

// Newest first by chain position (the order the server streams in; resumes continue from it).
const byIdDesc = (a: AuditEvent, b: AuditEvent) =>
  b.position.length - a.position.length || (b.position > a.position ? 1 : b.position < a.position ? -1 : 0);

function add(event: AuditEvent) {
  if (state.events.some((each) => each.id === event.id)) return;
  setState({ events: [event, ...state.events].sort(byIdDesc).slice(0, CAP) });
  for (const listener of eventListeners) listener(event);
}

function close() {
  clearTimeout(retryTimer);
  source?.close();
  source = null;
}

/** The server closed or refused the stream: find out why from /me and act on it. */
async function recover() {
  close();
  setState({ status: 'paused' });
  try {
    const me = staffOnly(await api<MeResponse>('/api/admin/me'));
    if (!wanted) return;
    const valid = me.stepUp.expiresAt && new Date(me.stepUp.expiresAt).getTime() > Date.now();
    if (valid) {
      setState({ status: 'reconnecting' });
      retryTimer = setTimeout(open, 2000);
    } else {
      await requireStepUp(me.stepUp.enrolled).catch(() => {});
    }
  } catch {
    // Signed out (the app redirects) or the server is down: try again a little later.
    if (wanted) retryTimer = setTimeout(() => void recover(), 5000);
  }
}

function open() {
  close();
  if (!wanted) return;
  setState({ status: state.events.length ? 'reconnecting' : 'connecting' });
  const last = state.events[0]?.position;
  // On a fresh EventSource the browser sends no Last-Event-ID; resume by query string instead.
  const es = new EventSource(last ? `${URL}?lastEventId=${last}` : URL, { withCredentials: true });
  source = es;
  es.onopen = () => setState({ status: 'live' });
  es.onmessage = (message) => {
    try {
      add(JSON.parse(message.data) as AuditEvent);
    } catch {
      // A malformed frame is skipped; the next one carries on.
    }
  };
  es.addEventListener('step_up_required', () => {
    close();
    setState({ status: 'paused' });
    requireStepUp(true).catch(() => {});
  });
  es.addEventListener('session_ended', () => void recover());
  es.onerror = () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CLOSED) void recover();
    else setState({ status: 'reconnecting' });
  };
}

onStepUp(() => {
  // A step-up rotates the session token: an open stream belongs to the old one.
  if (wanted) open();
});

export function startTicker() {
  if (wanted) return;
  wanted = true;
  open();
}

export function stopTicker() {
  wanted = false;
  close();
  setState({ status: 'idle', events: [] });
}

export function useTicker(): TickerState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
