import type { MeResponse } from '../../contracts/auth.ts';
import type { ErrorCode } from '../../contracts/errors.ts';
import { requireStepUp } from './step-up.ts';

/** What a failed call throws: the server's `{code, message, details}` plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ApiOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Do not open the step-up dialog on `step_up_required` (the step-up endpoints themselves). */
  noStepUp?: boolean;
  /**
   * Sent as `Idempotency-Key`: one key per user action (see `newIdempotencyKey`), kept across the
   * step-up retry so a replay answers with the first result instead of acting twice.
   */
  idempotencyKey?: string;
};

/** A fresh key for one user action (a click), shared by its retries. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

const unauthenticatedListeners = new Set<() => void>();

/** Called when any call answers 401 unauthenticated (the session ended): the app goes to sign-in. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

async function send(path: string, options: ApiOptions): Promise<Response> {
  const hasBody = options.body !== undefined;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return fetch(path, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    credentials: 'include',
    headers,
    body: hasBody ? JSON.stringify(options.body) : undefined,
    signal: options.signal,
  });
}

async function toError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: { code?: unknown; message?: unknown; details?: unknown } = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  const code = typeof body.code === 'string' ? body.code : `http_${response.status}`;
  const message =
    typeof body.message === 'string' && body.message ? body.message : response.statusText || 'Request failed';
  return new ApiError(response.status, code, message, body.details);
}

export function stepUpEnrolled(error: ApiError): boolean {
  const details = error.details as { enrolled?: unknown } | undefined;
  return details?.enrolled !== false;
}

/**
 * The one way the console talks to the API. Admin calls that need a fresh step-up wait for the
 * step-up dialog (shared by every call waiting) and are then retried transparently.
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await send(path, options);
    if (response.ok) {
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const error = await toError(response);
    if (error.status === 401 && error.code === 'unauthenticated') {
      for (const listener of unauthenticatedListeners) listener();
    }
    const canStepUp = !options.noStepUp && path.startsWith('/api/admin/') && attempt < 3;
    if (error.status === 401 && error.code === 'step_up_required' && canStepUp) {
      await requireStepUp(stepUpEnrolled(error));
      continue;
    }
    throw error;
  }
}

/** A query string from the set values of an object (empty strings and undefined are left out). */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The 400 `details` of an API error as `{field: message}`, keyed by the last part of the path. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  for (const item of error.details as Array<{ path?: unknown; message?: unknown }>) {
    if (typeof item?.path !== 'string' || typeof item.message !== 'string') continue;
    const key = item.path.split('.').pop() ?? item.path;
    out[key] ??= item.message;
  }
  return out;
}

/**
 * An answer without a step-up state is not a staff console's (a page restored by Back after
 * sign-out, a guest's `{auth:false}`): taken as signed out, so nothing reads `.stepUp` of it.
 */
export function staffOnly(me: MeResponse): MeResponse {
  if (!me?.stepUp) throw new ApiError(401, 'unauthenticated', 'Signed out');
  return me;
}
