import type { ErrorCode } from '../contracts/errors.ts';

// The ground floor: everything on the server may import this file, and it imports nothing of the
// server. platform/error-handler.ts turns these errors into answers.

/** The one error type services and routes throw; its code decides the HTTP status. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  step_up_required: 401,
  step_up_not_enrolled: 401,
  invalid_code: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  cross_site_refused: 403,
  rate_limited: 429,
  not_configured: 503,
  unavailable: 503,
  internal: 500,
};
