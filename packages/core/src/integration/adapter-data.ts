import type { PrismaClient } from '../generated/prisma/client.js';
import type { PartyRole, RegionLevel, SessionMode } from '../generated/prisma/enums.js';

/** A region as an adapter may look it up (by its 12-digit statistical code). */
export interface AdapterRegion {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
}

/** A mediation session as an SMS or a partner's feedback describes it. */
export interface AdapterSession {
  id: number;
  mode: SessionMode;
  scheduledAt: Date;
  location: string | null;
}

/**
 * What adapters may read of the platform, and nothing more: a narrow, typed, read-only view (no
 * Prisma client, so no writes and no tables beyond these). Phones are personal data: adapters send
 * to them and never log them.
 */
export interface AdapterData {
  /** A region by its 12-digit code (统计用区划代码); null when there is none. */
  regionByCode(code: string): Promise<AdapterRegion | null>;
  /** A session of the case; null when the case has no such session. */
  session(caseId: number, sessionId: number): Promise<AdapterSession | null>;
  /** Phones of the case's parties (of the given roles, else all), in party order. */
  partyPhones(caseId: number, roles?: readonly PartyRole[]): Promise<{ partyId: number; phone: string }[]>;
  /** The case's lead mediator, or null. */
  leadMediatorId(caseId: number): Promise<number | null>;
  /** Phones of these mediators (those that have one), by mediator id. */
  mediatorPhones(mediatorIds: readonly number[]): Promise<{ mediatorId: number; phone: string }[]>;
  /** Of the given region codes, those whose subtree holds the case. */
  regionCodesCovering(caseId: number, codes: readonly string[]): Promise<string[]>;
}

export function createAdapterData(prisma: PrismaClient): AdapterData {
  return Object.freeze({
    async regionByCode(code: string) {
      return prisma.region.findUnique({
        where: { code },
        select: { id: true, code: true, name: true, level: true },
      });
    },
    async session(caseId: number, sessionId: number) {
      return prisma.mediationSession.findFirst({
        where: { id: sessionId, caseId },
        select: { id: true, mode: true, scheduledAt: true, location: true },
      });
    },
    async partyPhones(caseId: number, roles?: readonly PartyRole[]) {
      const parties = await prisma.party.findMany({
        where: { caseId, phone: { not: null }, ...(roles ? { role: { in: [...roles] } } : {}) },
        select: { id: true, phone: true },
        orderBy: { id: 'asc' },
      });
      return parties.map((party) => ({ partyId: party.id, phone: party.phone! }));
    },
    async leadMediatorId(caseId: number) {
      const found = await prisma.case.findUnique({ where: { id: caseId }, select: { leadMediatorId: true } });
      return found?.leadMediatorId ?? null;
    },
    async mediatorPhones(mediatorIds: readonly number[]) {
      if (!mediatorIds.length) return [];
      const mediators = await prisma.mediator.findMany({
        where: { id: { in: [...mediatorIds] }, phone: { not: null } },
        select: { id: true, phone: true },
        orderBy: { id: 'asc' },
      });
      return mediators.map((mediator) => ({ mediatorId: mediator.id, phone: mediator.phone! }));
    },
    async regionCodesCovering(caseId: number, codes: readonly string[]) {
      if (!codes.length) return [];
      const kase = await prisma.case.findUnique({
        where: { id: caseId },
        select: { region: { select: { path: true } } },
      });
      if (!kase) return [];
      const regions = await prisma.region.findMany({
        where: { code: { in: [...codes] } },
        select: { code: true, path: true },
      });
      return regions.filter((region) => kase.region.path.startsWith(region.path)).map((r) => r.code);
    },
  });
}
