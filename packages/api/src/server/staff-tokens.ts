// Staff tokens: the key source and signing. Kept apart from the authenticator (which loads
// principals from the database) so that the token command loads neither Prisma nor GraphQL.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, importSPKI, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { PlatformConfig } from '../config.js';

/** Token settings; without a key source a development secret is kept in `dataDir` (or in memory). */
export type AuthConfig = Partial<
  Pick<PlatformConfig, 'jwtSecret' | 'jwtPublicKey' | 'jwtJwksUrl' | 'jwtIssuer' | 'jwtAudience' | 'dataDir'>
>;

const defaultIssuer = 'people-mediation';
const defaultAudience = 'people-mediation-api';

/** Where staff tokens come from: the verification key and the accepted algorithms. */
export interface KeySource {
  verify(token: string): Promise<JWTPayload>;
  /** Present only for a shared secret: development tokens are signed with it. */
  secret?: Uint8Array;
}

const asymmetric = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * The development secret: generated once into the data directory, so `pnpm token` and the server
 * agree without any setup. Never used in production (config requires a key there).
 */
export function developmentSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'dev-jwt-secret');
  try {
    return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    try {
      // 'wx': of two processes creating it at once, one writes and both then read the same secret
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
    }
    return new TextEncoder().encode(secret);
  }
}

export async function keySource(config: AuthConfig): Promise<KeySource> {
  const options = {
    issuer: config.jwtIssuer ?? defaultIssuer,
    audience: config.jwtAudience ?? defaultAudience,
    // A token without an expiry would never expire: refused, however it is signed.
    requiredClaims: ['exp'],
  };
  if (config.jwtJwksUrl) {
    const jwks = createRemoteJWKSet(new URL(config.jwtJwksUrl));
    return {
      verify: async (token) => (await jwtVerify(token, jwks, { ...options, algorithms: asymmetric })).payload,
    };
  }
  if (config.jwtPublicKey) {
    const header = config.jwtPublicKey.includes('EC') ? 'ES256' : 'RS256';
    const key = await importSPKI(config.jwtPublicKey, header);
    return {
      verify: async (token) => (await jwtVerify(token, key, { ...options, algorithms: [header] })).payload,
    };
  }
  const secret = config.jwtSecret
    ? new TextEncoder().encode(config.jwtSecret)
    : config.dataDir
      ? developmentSecret(config.dataDir)
      : new Uint8Array(randomBytes(48));
  return {
    secret,
    verify: async (token) => (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload,
  };
}

/**
 * Signs a staff token with the shared secret (JWT_SECRET, or the development secret): what
 * `pnpm token` prints. Deployments with JWT_PUBLIC_KEY or JWT_JWKS_URL get tokens from their
 * identity provider instead.
 */
export async function signStaffToken(
  config: AuthConfig,
  username: string,
  options: { expiresIn?: string } = {},
  source?: KeySource,
): Promise<string> {
  const { secret } = source ?? (await keySource(config));
  if (!secret)
    throw new Error('tokens are issued by the identity provider when JWT_PUBLIC_KEY or JWT_JWKS_URL is set');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(username)
    .setIssuer(config.jwtIssuer ?? defaultIssuer)
    .setAudience(config.jwtAudience ?? defaultAudience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(secret);
}
