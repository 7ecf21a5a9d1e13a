import { createHash } from 'node:crypto';
import {
  anonymous,
  authenticateApiKey,
  type Database,
  loadUserPrincipal,
  type Principal,
} from '@mediation/core';
import { createGraphQLError } from 'graphql-yoga';
import { type JWTPayload, errors as joseErrors } from 'jose';
import type { RevocationMessage } from './pubsub.js';
import { type AuthConfig, keySource, signStaffToken } from './staff-tokens.js';

export { type AuthConfig, developmentSecret, signStaffToken } from './staff-tokens.js';

export interface Credentials {
  /** `Authorization: Bearer <jwt>` or `Authorization: ApiKey <key>` */
  authorization?: string | null;
  /** `X-API-Key: <key>` */
  apiKey?: string | null;
}

export interface Authenticator {
  /**
   * The principal behind the credentials: anonymous when there are none; an UNAUTHENTICATED error
   * (HTTP 401) for a bad, expired or foreign token, an unknown or revoked key, or an inactive user.
   */
  authenticate(credentials: Credentials, options?: { fresh?: boolean }): Promise<Principal>;
  /** Drops cached principals of an API key (after revoking it). */
  forgetApiKey(apiKeyId: number): void;
  /** Drops cached principals of revoked credentials (a revocation heard from any instance). */
  forget(revoked: RevocationMessage): void;
  /** Signs a staff token for a username (development and tests; only with a shared secret). */
  issueToken(username: string, options?: { expiresIn?: string }): Promise<string>;
}

export function unauthenticated(message: string) {
  return createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function createAuthenticator(
  config: AuthConfig,
  db: Database,
  now: () => Date = () => new Date(),
  options: {
    /**
     * How long a resolved principal is reused for the same credentials (on this instance), so a busy
     * client or a thousand subscriptions do not each hit the database. Revoking a key through the API
     * forgets it at once; deactivating a user takes effect within this time.
     * @default 5_000
     */
    principalCacheMs?: number;
  } = {},
): Authenticator {
  const source = keySource(config);
  const cacheMs = options.principalCacheMs ?? 5_000;
  const cache = new Map<string, { principal: Principal; until: number }>();
  const cacheKey = ({ authorization, apiKey }: Credentials) =>
    createHash('sha256')
      .update(`${authorization ?? ''}\n${apiKey ?? ''}`)
      .digest('base64url');
  const resolve = (credentials: Credentials) => authenticateUncached(credentials);

  async function authenticateUncached({ authorization, apiKey }: Credentials): Promise<Principal> {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    const keyFromAuthorization = /^ApiKey\s+(.+)$/i.exec(authorization ?? '')?.[1];
    const key = apiKey ?? keyFromAuthorization;
    if (key) {
      const principal = await authenticateApiKey(db.prisma, key, now());
      if (!principal) throw unauthenticated('the API key is invalid, expired or revoked');
      return principal;
    }
    if (bearer) {
      let payload: JWTPayload;
      try {
        payload = await (await source).verify(bearer.trim());
      } catch (error) {
        const expired = error instanceof joseErrors.JWTExpired;
        throw unauthenticated(expired ? 'the token has expired' : 'the token is not valid here');
      }
      // a username: printable, at most 50 characters (anything else names nobody)
      if (typeof payload.sub !== 'string' || !/^[\p{L}\p{N}._@-]{1,50}$/u.test(payload.sub)) {
        throw unauthenticated('the token names no user');
      }
      const principal = await loadUserPrincipal(db.prisma, { username: payload.sub });
      if (!principal) throw unauthenticated('the user is unknown or inactive');
      return principal;
    }
    if (authorization) throw unauthenticated('use "Authorization: Bearer <token>" or "ApiKey <key>"');
    return anonymous;
  }

  function forget(revoked: RevocationMessage) {
    for (const [key, entry] of cache) if (isRevoked(entry.principal, revoked)) cache.delete(key);
  }

  return {
    async authenticate(credentials, { fresh = false } = {}) {
      if (!credentials.authorization && !credentials.apiKey) return anonymous;
      if (cacheMs <= 0) return resolve(credentials);
      const key = cacheKey(credentials);
      const hit = cache.get(key);
      const at = Date.now();
      // a token's own expiry still applies while cached
      if (hit && hit.until > at && !fresh) return hit.principal;
      const principal = await resolve(credentials);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { principal, until: at + cacheMs });
      return principal;
    },
    forgetApiKey(apiKeyId) {
      forget({ apiKeyId });
    },
    forget,
    async issueToken(username, options = {}) {
      return signStaffToken(config, username, options, await source);
    },
  };
}
/** Whether a revocation concerns the principal (`everyone`: all credentials are to be checked again). */
export function isRevoked(principal: Principal, revoked: RevocationMessage): boolean {
  if ('everyone' in revoked) return true;
  if ('apiKeyId' in revoked)
    return principal.kind === 'integration' && principal.apiKeyId === revoked.apiKeyId;
  return principal.kind === 'user' && principal.userId === revoked.userId;
}
