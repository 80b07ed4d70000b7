import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldErrors } from '../../../contracts/errors.ts';
import { AppError } from '../../errors.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../platform/auth/better-auth.ts';

// The ~49k most common passwords (zxcvbn's list); only those long enough to pass the length rule matter.
const COMMON = new Set(
  (dictionary['passwords-common'] as string[])
    .filter((password) => password.length >= PASSWORD_MIN)
    .map((p) => p.toLowerCase()),
);

/**
 * NIST SP 800-63B: at least 8 characters, long passphrases allowed, no composition rules, and
 * passwords known from breaches/common lists refused. Returns the problem, or null when acceptable.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (COMMON.has(password.toLowerCase())) return 'is one of the most common passwords; choose another';
  if (/^(.)\1+$/.test(password)) return 'must not be one character repeated';
  return null;
}

/** Throws a 400 naming `field` when the password breaks the policy. */
export function assertPasswordAcceptable(password: unknown, field: string): void {
  if (typeof password !== 'string') return;
  const problem = passwordProblem(password);
  if (problem) {
    const details: FieldErrors = [{ path: field, message: problem }];
    throw new AppError('bad_request', `Invalid input — ${field}: ${problem}`, details);
  }
}
