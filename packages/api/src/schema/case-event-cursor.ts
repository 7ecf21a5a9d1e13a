import { createGraphQLError } from 'graphql-yoga';
import type { Context } from './builder.js';

/*
 * A case event's `cursor`: its place in the commit-ordered timeline (and its id, so a cursor from
 * another deployment or a restored database is refused instead of resuming from the wrong place).
 * Opaque to clients: base64url of `v1:<position>:<eventId>`.
 */

export interface ResumePoint {
  position: number;
  eventId: number;
}

export function encodeEventCursor({ position, eventId }: ResumePoint): string {
  return Buffer.from(`v1:${position}:${eventId}`).toString('base64url');
}

const badCursor = () =>
  createGraphQLError('after: not a cursor of this server; give the `cursor` of an event received', {
    extensions: { code: 'BAD_USER_INPUT' },
  });

export function decodeEventCursor(cursor: string): ResumePoint {
  if (!/^[A-Za-z0-9_-]{1,64}={0,2}$/.test(cursor)) throw badCursor();
  const match = /^v1:([1-9][0-9]{0,15}):([1-9][0-9]{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badCursor();
  const position = Number(match[1]);
  const eventId = Number(match[2]);
  if (!Number.isSafeInteger(position) || eventId > 2_147_483_647) throw badCursor();
  return { position, eventId };
}

/**
 * The position to replay after, checked against the timeline: a cursor naming no event is
 * BAD_USER_INPUT, one older than the resume window RESUME_POINT_EXPIRED (the client refetches).
 */
export async function resumePosition(
  ctx: Context,
  after: string | null | undefined,
): Promise<number | undefined> {
  if (after === null || after === undefined) return undefined;
  const point = decodeEventCursor(after);
  const found = await ctx.caseEvents.timeline.at(point.position, point.eventId);
  if (!found) throw badCursor();
  if (ctx.now.getTime() - found.createdAt.getTime() > ctx.resumeWindowMs) {
    const hours = Math.round((ctx.resumeWindowMs / 3_600_000) * 100) / 100;
    throw createGraphQLError(
      `after: the resume point is older than ${hours} h; fetch the current state again and subscribe without after`,
      { extensions: { code: 'RESUME_POINT_EXPIRED', resumeWindowHours: hours } },
    );
  }
  return point.position;
}
