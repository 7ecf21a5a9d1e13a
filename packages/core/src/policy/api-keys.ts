import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Actor, actorUserId } from '../cases/actor.js';
import type { Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ApiKey } from '../generated/prisma/client.js';
import { fields } from '../validation/fields.js';
import { parseInput } from '../validation/parse.js';
import { assertAdmin } from './jurisdiction.js';
import { apiScopes, type Principal } from './principal.js';

/*
 * Integration API keys: `mdk_<prefix>_<secret>`. The prefix is public (lists, logs); only a SHA-256
 * of the secret is stored. The secret is 256 random bits, so a fast hash is enough (no password
 * stretching needed), and the comparison is constant-time.
 */

const keyPattern = /^mdk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const createApiKeyInput = z.object({
  name: fields.name(100),
  scopes: z.array(z.enum(apiScopes)).min(1, 'give at least one scope').max(apiScopes.length),
  regionId: fields.id.optional(),
  expiresAt: z.date().optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** Creates a key (admins); the returned `key` is the only time the secret is ever seen. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: CreateApiKeyInput,
  now = new Date(),
): Promise<{ apiKey: ApiKey; key: string }> {
  assertAdmin(actor);
  const data = parseInput(createApiKeyInput, input);
  if (data.expiresAt && data.expiresAt <= now) {
    throw new ValidationError([{ path: 'expiresAt', message: 'must be in the future' }]);
  }
  if (data.regionId !== undefined) {
    const region = await db.region.findUnique({ where: { id: data.regionId }, select: { id: true } });
    if (!region) throw new NotFoundError('Region', String(data.regionId));
  }
  const prefix = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const apiKey = await db.apiKey.create({
    data: {
      name: data.name,
      prefix,
      hash: hashSecret(secret),
      scopes: [...new Set(data.scopes)],
      regionId: data.regionId ?? null,
      expiresAt: data.expiresAt ?? null,
      createdById: actorUserId(actor),
    },
  });
  return { apiKey, key: `mdk_${prefix}_${secret}` };
}

/** Revokes a key (admins); revoking a revoked key answers it as it is. */
export async function revokeApiKey(db: Db, actor: Actor, id: number, now = new Date()): Promise<ApiKey> {
  assertAdmin(actor);
  const existing = await db.apiKey.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError('ApiKey', String(id));
  if (existing.revokedAt) return existing;
  return db.apiKey.update({ where: { id }, data: { revokedAt: now } });
}

/**
 * Resolves a presented key to its principal, or null when it is malformed, unknown, revoked or
 * expired. Marks it used (at most once a minute, so busy integrations do not write on every call).
 */
export async function authenticateApiKey(
  db: Db,
  presented: string,
  now = new Date(),
): Promise<Principal | null> {
  const match = keyPattern.exec(presented.trim());
  if (!match) return null;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const key = await db.apiKey.findUnique({
    where: { prefix },
    include: { region: { select: { path: true } } },
  });
  if (!key) return null;
  const expected = Buffer.from(key.hash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return {
    kind: 'integration',
    apiKeyId: key.id,
    name: key.name,
    scopes: key.scopes.filter((scope): scope is (typeof apiScopes)[number] =>
      (apiScopes as readonly string[]).includes(scope),
    ),
    regionPath: key.region?.path ?? null,
    expiresAt: key.expiresAt,
  };
}

/** Whether a key is still usable (for re-checks on long-lived subscriptions). */
export async function isApiKeyActive(db: Db, id: number, now = new Date()): Promise<boolean> {
  const key = await db.apiKey.findUnique({ where: { id }, select: { revokedAt: true, expiresAt: true } });
  return !!key && !key.revokedAt && (!key.expiresAt || key.expiresAt > now);
}
