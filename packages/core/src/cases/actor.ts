import type { UserRole } from '../generated/prisma/enums.js';

/** Who performs a command: a signed-in user, or the platform itself (an adapter, the scheduler, the seed). */
export type Actor = { kind: 'user'; userId: number; role: UserRole } | { kind: 'system'; label: string };

export const systemActor = (label: string): Actor => ({ kind: 'system', label });

/** The columns a case event records about its actor. */
export function actorColumns(actor: Actor): { actorId: number | null; actorLabel: string | null } {
  return actor.kind === 'user'
    ? { actorId: actor.userId, actorLabel: null }
    : { actorId: null, actorLabel: actor.label };
}
