import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { User } from '../generated/prisma/client.js';

/** Activates or deactivates a staff account; an inactive user's tokens are refused. */
export async function setUserActive(db: Db, id: number, active: boolean): Promise<User> {
  const existing = await db.user.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError('User', String(id));
  if (existing.active === active) return existing;
  return db.user.update({ where: { id }, data: { active } });
}
