import {
  type Actor,
  assertAdmin,
  ConflictError,
  NotFoundError,
  type OutboxStatus,
  type Prisma,
  type PrismaClient,
} from '@mediation/core';

type OutboxMessage = Prisma.OutboxMessageModel;

/**
 * Puts a dead letter back in the queue (admins): PENDING, due now, attempts reset (so it gets the full
 * number of attempts again). The last error is kept until the next attempt replaces it.
 *
 * @throws NotFoundError when there is no such row; ConflictError when it is not DEAD
 */
export async function replayDelivery(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  now = new Date(),
): Promise<OutboxMessage> {
  assertAdmin(actor);
  const updated = await prisma.outboxMessage.updateMany({
    where: { id, status: 'DEAD' },
    data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedBy: null, lockedUntil: null },
  });
  const row = await prisma.outboxMessage.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('Delivery', String(id));
  if (updated.count !== 1) {
    throw new ConflictError(`delivery ${id} is ${row.status}: only a DEAD delivery can be replayed`);
  }
  return row;
}

/** Rows per status for each adapter (statuses without rows are 0). */
export async function deliveryCounts(
  prisma: PrismaClient,
): Promise<Map<string, Record<OutboxStatus, number>>> {
  const groups = await prisma.outboxMessage.groupBy({
    by: ['adapterId', 'status'],
    _count: { _all: true },
  });
  const counts = new Map<string, Record<OutboxStatus, number>>();
  for (const group of groups) {
    const entry = counts.get(group.adapterId) ?? { PENDING: 0, IN_FLIGHT: 0, DELIVERED: 0, DEAD: 0 };
    entry[group.status] = group._count._all;
    counts.set(group.adapterId, entry);
  }
  return counts;
}
