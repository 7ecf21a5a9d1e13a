import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** One caller's key: keys of different callers never meet. */
export interface IdempotencyKeyRef {
  /** `user:<id>` or `api-key:<id>` */
  caller: string;
  key: string;
}

export type IdempotencyClaim =
  /** First use: run the request, then `completeIdempotencyKey` (or `releaseIdempotencyKey`). */
  | { state: 'claimed' }
  /** Done before: answer `response` without running anything. */
  | { state: 'completed'; response: unknown }
  /** The first request with this key is still running (here or on another instance). */
  | { state: 'in-progress' }
  /** The key was used for a different request. */
  | { state: 'mismatch' };

/**
 * Takes a caller's idempotency key for a request (by its hash), atomically across instances: of two
 * concurrent first uses, one is `claimed` and the other sees `in-progress`. An expired key is free again.
 */
export async function claimIdempotencyKey(
  prisma: PrismaClient,
  ref: IdempotencyKeyRef,
  request: { hash: string; now: Date; ttlMs: number },
): Promise<IdempotencyClaim> {
  const where = { caller_key: ref };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await prisma.idempotencyKey.deleteMany({ where: { ...ref, expiresAt: { lte: request.now } } });
    const { count } = await prisma.idempotencyKey.createMany({
      data: [
        {
          ...ref,
          requestHash: request.hash,
          createdAt: request.now,
          expiresAt: new Date(request.now.getTime() + request.ttlMs),
        },
      ],
      skipDuplicates: true,
    });
    if (count === 1) return { state: 'claimed' };
    const existing = await prisma.idempotencyKey.findUnique({ where });
    if (!existing) continue; // released or expired in between: try again
    if (existing.requestHash !== request.hash) return { state: 'mismatch' };
    if (existing.completedAt === null) return { state: 'in-progress' };
    return { state: 'completed', response: existing.response };
  }
  return { state: 'in-progress' };
}

/** Keeps the first answer of a claimed key, for every repeat until the key expires. */
export async function completeIdempotencyKey(
  prisma: PrismaClient,
  ref: IdempotencyKeyRef,
  response: Prisma.InputJsonValue,
  now: Date,
): Promise<void> {
  await prisma.idempotencyKey.updateMany({
    where: { ...ref, completedAt: null },
    data: { response, completedAt: now },
  });
}

/** Frees a claimed key whose request did not run (refused before it started): a retry runs it. */
export async function releaseIdempotencyKey(prisma: PrismaClient, ref: IdempotencyKeyRef): Promise<void> {
  await prisma.idempotencyKey.deleteMany({ where: { ...ref, completedAt: null } });
}

/** Drops keys past their expiry (any instance may run this now and then). */
export async function purgeExpiredIdempotencyKeys(prisma: PrismaClient, now: Date): Promise<number> {
  const { count } = await prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
