import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { OAuth2Tokens, OAuth2UserInfo } from '@better-auth/core/oauth2';
import { genericOAuth } from 'better-auth/plugins';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../../config.ts';
import { hmac, safeEqual } from '../crypto.ts';

/**
 * Google sign-in as OpenID Connect. better-auth's built-in Google provider hard-codes Google's
 * endpoints, so we use its generic OIDC client with Google's discovery document (the issuer is a
 * setting, which lets tests use a local OIDC server) and verify the ID token ourselves: signature
 * against the issuer's keys, `iss`, `aud`, expiry, and a nonce bound to the browser that started the
 * sign-in. Accounts link by issuer + `sub`; an email alone never links (see better-auth.ts).
 */
export const OIDC_NONCE_COOKIE = 'mc.oidc_nonce';

/** The nonce of the sign-in whose callback is being handled (set by the auth proxy for its duration). */
export const callbackNonce = new AsyncLocalStorage<string | null>();

export function newNonce(key: string): { nonce: string; cookie: string } {
  const nonce = randomBytes(16).toString('base64url');
  return { nonce, cookie: `${nonce}.${hmac(key, `oidc-nonce:${nonce}`).slice(0, 32)}` };
}

export function nonceFromCookie(key: string, value: string | undefined): string | null {
  if (!value) return null;
  const [nonce, mac] = value.split('.');
  return nonce && mac && safeEqual(hmac(key, `oidc-nonce:${nonce}`).slice(0, 32), mac) ? nonce : null;
}

export type IdTokenCheck = { issuer: string; clientId: string; nonce: string | null };

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function issuerKeys(issuer: string) {
  let keys = keySets.get(issuer);
  if (!keys) {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      jwks_uri?: string;
    };
    if (!discovery.jwks_uri) throw new Error('the issuer publishes no jwks_uri');
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
    keySets.set(issuer, keys);
  }
  return keys;
}

/** Verifies an ID token; returns its claims, or null when any check fails. */
export async function verifyIdToken(idToken: string, check: IdTokenCheck): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(idToken, await issuerKeys(check.issuer), {
      issuer: check.issuer,
      audience: check.clientId,
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (!check.nonce || payload.nonce !== check.nonce) return null;
    return payload;
  } catch {
    return null;
  }
}

async function userInfo(
  tokens: OAuth2Tokens,
  google: NonNullable<Config['google']>,
): Promise<OAuth2UserInfo | null> {
  if (!tokens.idToken) return null;
  const claims = await verifyIdToken(tokens.idToken, {
    issuer: google.issuer,
    clientId: google.clientId,
    nonce: callbackNonce.getStore() ?? null,
  });
  if (!claims?.sub || typeof claims.email !== 'string') return null;
  return {
    id: claims.sub,
    email: claims.email,
    name: typeof claims.name === 'string' ? claims.name : claims.email,
    image: typeof claims.picture === 'string' ? claims.picture : undefined,
    emailVerified: claims.email_verified === true,
  };
}

/** The better-auth plugin for Google sign-in, when configured. */
export function googlePlugins(config: Config) {
  const google = config.google;
  if (!google) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: 'google',
          discoveryUrl: `${google.issuer}/.well-known/openid-configuration`,
          clientId: google.clientId,
          clientSecret: google.clientSecret,
          scopes: ['openid', 'email', 'profile'],
          pkce: true,
          getUserInfo: (tokens) => userInfo(tokens, google),
        },
      ],
    }),
  ];
}
