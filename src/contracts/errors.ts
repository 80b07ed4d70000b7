import { z } from 'zod';

/** Every error the API answers with carries one of these codes; the HTTP status follows from it. */
export const ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'step_up_required',
  'step_up_not_enrolled',
  'invalid_code',
  'forbidden',
  'not_found',
  'conflict',
  'idempotency_conflict',
  'cross_site_refused',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'rate_limited',
  'not_configured',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorResponse = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** `details` of a 400: one entry per bad field, `path` in dotted form (`body.amount`). */
export const FieldErrors = z.array(z.object({ path: z.string(), message: z.string() }));
export type FieldErrors = z.infer<typeof FieldErrors>;

/**
 * The error answers every admin route may give, for route schemas (and so OpenAPI): validation 400,
 * 401 (no session / step-up), 403, 404, 409 (stale or conflicting state), 413 (body over the limit),
 * 414 (a path parameter over the length limit), 415, 422 (idempotency), 429 (rate limits) and 503
 * (an integration not configured, the database connection interrupted).
 */
export const ERROR_RESPONSES = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  414: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  503: ErrorResponse,
} as const;
