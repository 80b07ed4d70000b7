import { OAuth2Server } from 'oauth2-mock-server';

export type IdClaims = Record<string, unknown>;

/**
 * A real OpenID Connect provider on a local port (discovery, JWKS, /authorize with PKCE, /token
 * issuing RS256 ID tokens). `claims` decides what the next ID token says; `tamper` lets a test make
 * it wrong (audience, issuer, expiry, nonce).
 */
export async function startOidcServer() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const state: { claims: IdClaims; tamper: ((payload: IdClaims) => void) | null } = {
    claims: {},
    tamper: null,
  };
  server.service.on('beforeTokenSigning', (token: { payload: IdClaims }) => {
    Object.assign(token.payload, state.claims);
    state.tamper?.(token.payload);
  });
  return {
    issuer: server.issuer.url!.replace(/\/$/, ''),
    state,
    close: () => server.stop(),
  };
}
