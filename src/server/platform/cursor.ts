import { AppError } from '../errors.ts';
import { hmac, safeEqual } from './crypto.ts';

/**
 * Opaque page cursors: the position as JSON, base64url, with a MAC so a tampered cursor is a clear
 * 400 rather than a silently different page.
 */
export function encodeCursor(key: Buffer | string, position: unknown): string {
  const body = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${body}.${hmac(key, body).slice(0, 24)}`;
}

export function decodeCursor<T>(
  key: Buffer | string,
  cursor: string,
  isValid: (value: unknown) => value is T,
): T {
  const [body, mac] = cursor.split('.');
  const invalid = () =>
    new AppError('bad_request', 'query.cursor is not a cursor this server issued', [
      { path: 'query.cursor', message: 'invalid or tampered cursor' },
    ]);
  if (!body || !mac || !safeEqual(hmac(key, body).slice(0, 24), mac)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isValid(value)) throw invalid();
  return value;
}
