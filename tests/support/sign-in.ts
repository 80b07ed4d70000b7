import type { LightMyRequestResponse } from 'fastify';
import type { Page } from 'playwright-core';
import { codeAt } from '../../src/server/modules/auth/totp.ts';
import { call, cookieFrom, type TestApp } from './app.ts';

/** Who signs in: a TestAccount, or any email and password (a wrong one, to test the refusal). */
export type Credentials = { email: string; password: string };

/**
 * Signs in through the API, as the SPA does: `POST /api/auth/sign-in/email` with a same-origin
 * Origin. `cookie` sends a session already held (a second sign-in), `headers` anything else
 * (user agent, forwarded address). The answer, and the session cookie it set (null when refused).
 */
export async function signInThroughApi(
  t: TestApp,
  account: Credentials,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<{ response: LightMyRequestResponse; cookie: string | null }> {
  const response = await call(t, {
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: account.email, password: account.password },
    ...options,
  });
  return { response, cookie: cookieFrom(response, t) };
}

/** Answers a step-up through the API: `POST /api/admin/step-up` with `code` (any string, to test refusals). */
export function stepUpThroughApi(t: TestApp, cookie: string, code: string): Promise<LightMyRequestResponse> {
  return call(t, { method: 'POST', url: '/api/admin/step-up', cookie, payload: { code } });
}

/** Signs in through the form, as a person does. */
export async function signIn(page: Page, account: Credentials) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Answers the step-up dialog with the code for `timestamp` (a code's time-step is good once). */
export async function enterStepUpCode(page: Page, secret: string, timestamp = Date.now()) {
  const dialog = page.getByRole('dialog', { name: /confirm it/i });
  await dialog.waitFor();
  await dialog.getByLabel('6-digit code').fill(codeAt(secret, timestamp));
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Signs in through the form and steps up: the console, ready. */
export async function signInSteppedUp(page: Page, account: Credentials & { totpSecret: string | null }) {
  if (!account.totpSecret) throw new Error(`${account.email} has no authenticator to step up with`);
  await signIn(page, account);
  await enterStepUpCode(page, account.totpSecret);
  await page.getByTestId('step-up-indicator').filter({ hasText: 'valid until' }).waitFor();
}
