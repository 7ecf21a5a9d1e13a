import type { Actor } from '../cases/actor.js';
import type { CaseEventNotice } from '../cases/case-events.js';
import type { CaseCommandName } from '../cases/case-transitions.js';
import type { Db } from '../db/client.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { UserRole } from '../generated/prisma/enums.js';
import type { ApiScope, Principal } from './principal.js';

/*
 * Jurisdiction (管辖): one place decides who sees and does what. Every rule is a Prisma `where`
 * so the database filters; nothing is fetched and dropped. Outside one's jurisdiction a case
 * looks exactly like a case that does not exist.
 */

const noCase: Prisma.CaseWhereInput = { id: { in: [] } };
const within = (path: string): Prisma.CaseWhereInput => ({ region: { path: { startsWith: path } } });

function hasScope(principal: Principal, ...scopes: ApiScope[]): boolean {
  return principal.kind === 'integration' && scopes.some((scope) => principal.scopes.includes(scope));
}

/** Cases the principal may read. */
export function caseReadScope(principal: Principal): Prisma.CaseWhereInput {
  switch (principal.kind) {
    case 'anonymous':
      return noCase;
    case 'integration':
      if (!hasScope(principal, 'cases:read', 'cases:write')) return noCase;
      return principal.regionPath ? within(principal.regionPath) : {};
    case 'user':
      switch (principal.role) {
        case UserRole.ADMIN:
          return {};
        case UserRole.SUPERVISOR:
          return principal.regionPath ? within(principal.regionPath) : noCase;
        case UserRole.MEDIATOR: {
          if (principal.mediatorId === null) return noCase;
          const own: Prisma.CaseWhereInput[] = [
            { leadMediatorId: principal.mediatorId },
            { coMediators: { some: { mediatorId: principal.mediatorId } } },
          ];
          if (principal.organizationRegionPath) own.push(within(principal.organizationRegionPath));
          return { OR: own };
        }
        case UserRole.GRID_WORKER:
          return { OR: [{ gridId: { in: principal.gridIds } }, { reportedById: principal.userId }] };
      }
  }
}

/** Cases the principal may change (run workflow commands on). */
export function caseWriteScope(principal: Principal): Prisma.CaseWhereInput {
  switch (principal.kind) {
    case 'anonymous':
      return noCase;
    case 'integration':
      if (!hasScope(principal, 'cases:write')) return noCase;
      return principal.regionPath ? within(principal.regionPath) : {};
    case 'user':
      switch (principal.role) {
        case UserRole.ADMIN:
          return {};
        case UserRole.SUPERVISOR:
          return principal.regionPath ? within(principal.regionPath) : noCase;
        case UserRole.MEDIATOR:
          if (principal.mediatorId === null) return noCase;
          return {
            OR: [
              { leadMediatorId: principal.mediatorId },
              { coMediators: { some: { mediatorId: principal.mediatorId } } },
            ],
          };
        case UserRole.GRID_WORKER:
          return noCase;
      }
  }
}

/** Commands only a supervisor (or admin, or an integration with cases:write) may run: 受理, 指派, 移交. */
const supervisorCommands: ReadonlySet<CaseCommandName> = new Set([
  'accept',
  'reject',
  'assign',
  'reassign',
  'transfer',
]);

/**
 * Checks a workflow command against the actor's role and jurisdiction, inside the command's
 * transaction (`tx`). A case outside the jurisdiction is NotFound (indistinguishable from a missing
 * one); a command the role may not run on a case it can see is Forbidden. The platform itself
 * (a system actor) is not bound by jurisdiction.
 */
export async function authorizeCaseCommand(
  tx: Db,
  actor: Actor,
  command: CaseCommandName,
  caseId: number,
): Promise<void> {
  if (actor.kind === 'system') return;
  const readable = await tx.case.findFirst({
    where: { AND: [{ id: caseId }, caseReadScope(actor)] },
    select: { id: true },
  });
  if (!readable) throw new NotFoundError('Case', String(caseId));
  if (!isAdmin(actor)) {
    const writable = await tx.case.findFirst({
      where: { AND: [{ id: caseId }, caseWriteScope(actor)] },
      select: { id: true },
    });
    if (!writable) throw new ForbiddenError('you may read this case but not change it');
  }
  if (actor.kind === 'user' && actor.role === UserRole.MEDIATOR && supervisorCommands.has(command)) {
    throw new ForbiddenError(`only a supervisor (司法所/司法局) may ${command} a case`);
  }
}

const isAdmin = (principal: Principal) => principal.kind === 'user' && principal.role === UserRole.ADMIN;

/** The cases an actor may change, as a `where` (everything for the platform itself). */
export function caseWriteScopeOf(actor: Actor): Prisma.CaseWhereInput {
  return actor.kind === 'system' ? {} : caseWriteScope(actor);
}

/**
 * Region subtrees the principal works in (for registry lists and reports); null means everywhere,
 * an empty list nowhere.
 */
export function areaPaths(principal: Principal): string[] | null {
  switch (principal.kind) {
    case 'anonymous':
      return [];
    case 'integration':
      return principal.regionPath ? [principal.regionPath] : null;
    case 'user':
      switch (principal.role) {
        case UserRole.ADMIN:
          return null;
        case UserRole.SUPERVISOR:
          return principal.regionPath ? [principal.regionPath] : [];
        case UserRole.MEDIATOR:
          return principal.organizationRegionPath ? [principal.organizationRegionPath] : [];
        case UserRole.GRID_WORKER:
          return principal.gridRegionPaths;
      }
  }
}

/** `where` on a Region for the principal's area. */
export function regionAreaWhere(principal: Principal): Prisma.RegionWhereInput {
  const paths = areaPaths(principal);
  if (paths === null) return {};
  if (paths.length === 0) return { id: { in: [] } };
  return { OR: paths.map((path) => ({ path: { startsWith: path } })) };
}

/** Whether a region (by path) lies inside the principal's area. */
export function isInArea(principal: Principal, regionPath: string): boolean {
  const paths = areaPaths(principal);
  return paths === null || paths.some((path) => regionPath.startsWith(path));
}

/** Registry changes (grids, organizations, mediators): admins anywhere, supervisors in their subtree. */
export function assertCanManageRegistry(principal: Actor, regionPath: string): void {
  if (principal.kind === 'system') return;
  const allowed =
    (principal.kind === 'user' && principal.role === UserRole.ADMIN) ||
    (principal.kind === 'user' &&
      principal.role === UserRole.SUPERVISOR &&
      isInArea(principal, regionPath)) ||
    (hasScope(principal, 'registry:write') && isInArea(principal, regionPath));
  if (!allowed)
    throw new ForbiddenError('only an admin, or a supervisor of this region, may change the registry here');
}

export function assertAdmin(principal: Actor): void {
  if (principal.kind === 'system') return;
  if (!(principal.kind === 'user' && principal.role === UserRole.ADMIN)) {
    throw new ForbiddenError('only an administrator may do this');
  }
}

export function assertSignedIn(principal: Actor): void {
  if (principal.kind === 'anonymous') throw new ForbiddenError('sign in first (a staff token or an API key)');
}

/** Who may register a case (登记) in a region (given by path) and grid. */
export function assertCanReport(
  principal: Actor,
  target: { regionPath: string; gridId: number | null },
): void {
  if (principal.kind === 'system') return;
  if (principal.kind === 'anonymous') throw new ForbiddenError('sign in first (a staff token or an API key)');
  if (principal.kind === 'integration') {
    if (!hasScope(principal, 'referrals:write', 'cases:write') || !isInArea(principal, target.regionPath)) {
      throw new ForbiddenError('this API key may not register cases here');
    }
    return;
  }
  if (principal.role === UserRole.GRID_WORKER) {
    if (target.gridId === null || !principal.gridIds.includes(target.gridId)) {
      throw new ForbiddenError('a grid worker (网格员) registers cases in their own grids');
    }
    return;
  }
  if (!isInArea(principal, target.regionPath))
    throw new ForbiddenError('this region is outside your jurisdiction');
}

/** Reports (周报告): admins, supervisors, and integrations with reports:read, inside their area. */
export function assertCanReadReports(principal: Principal, regionPath: string): void {
  const role = principal.kind === 'user' ? principal.role : null;
  const allowed =
    role === UserRole.ADMIN ||
    (role === UserRole.SUPERVISOR && isInArea(principal, regionPath)) ||
    (hasScope(principal, 'reports:read') && isInArea(principal, regionPath));
  if (!allowed) throw new NotFoundError('Region', 'in your jurisdiction');
}

/** Revealing personal data needs a permission: admin, a supervisor of the case's region, the case's mediators, or parties:reveal. */
export function canRevealPersonalData(principal: Principal): boolean {
  if (principal.kind === 'integration') return hasScope(principal, 'parties:reveal');
  if (principal.kind !== 'user') return false;
  return principal.role !== UserRole.GRID_WORKER;
}

/** Where a committed event's case stands: enough to apply caseReadScope in memory. */
export interface NoticeScope {
  case: Pick<
    CaseEventNotice['case'],
    'regionPath' | 'gridId' | 'leadMediatorId' | 'coMediatorIds' | 'reportedById'
  >;
}

/** The same rule as caseReadScope, for a committed event in memory (subscriptions). */
export function canReadNotice(principal: Principal, notice: NoticeScope): boolean {
  const kase = notice.case;
  const inside = (path: string | null) => path !== null && kase.regionPath.startsWith(path);
  switch (principal.kind) {
    case 'anonymous':
      return false;
    case 'integration':
      return (
        hasScope(principal, 'cases:read', 'cases:write') &&
        (principal.regionPath === null || inside(principal.regionPath))
      );
    case 'user':
      switch (principal.role) {
        case UserRole.ADMIN:
          return true;
        case UserRole.SUPERVISOR:
          return inside(principal.regionPath);
        case UserRole.MEDIATOR:
          return (
            principal.mediatorId !== null &&
            (kase.leadMediatorId === principal.mediatorId ||
              kase.coMediatorIds.includes(principal.mediatorId) ||
              inside(principal.organizationRegionPath))
          );
        case UserRole.GRID_WORKER:
          return (
            (kase.gridId !== null && principal.gridIds.includes(kase.gridId)) ||
            kase.reportedById === principal.userId
          );
      }
  }
}
