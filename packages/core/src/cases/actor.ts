import { ForbiddenError } from '../errors.js';
import type { Principal } from '../policy/principal.js';

/** The platform itself: an adapter, the scheduler, the seed. Not bound by jurisdiction. */
export interface SystemActor {
  kind: 'system';
  label: string;
}

/**
 * Who performs a command: a signed-in principal (its rights are checked by the command itself,
 * inside its transaction) or the platform.
 */
export type Actor = Principal | SystemActor;

export const systemActor = (label: string): SystemActor => ({ kind: 'system', label });

/** The columns a case event records about its actor. */
export function actorColumns(actor: Actor): { actorId: number | null; actorLabel: string | null } {
  switch (actor.kind) {
    case 'user':
      return { actorId: actor.userId, actorLabel: null };
    case 'integration':
      return { actorId: null, actorLabel: `api-key:${actor.name}` };
    case 'system':
      return { actorId: null, actorLabel: actor.label };
    case 'anonymous':
      throw new ForbiddenError('sign in first (a staff token or an API key)');
  }
}

/** The user behind an actor, if any (for `reportedById`, `reporterId`). */
export const actorUserId = (actor: Actor): number | null => (actor.kind === 'user' ? actor.userId : null);
