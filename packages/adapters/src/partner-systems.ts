import { type PrismaClient, RegionLevel } from '@mediation/core';
import { AdapterInboundError } from './contract.js';

/*
 * What the petition (信访), police (110) and court (诉调对接) adapters share: where a referral's case
 * is registered, and how the partner system's health is asked.
 */

/** A town/street or village/community by its 12-digit code, as the core registers cases there. */
export async function regionIdOf(prisma: PrismaClient, code: string | undefined): Promise<number> {
  if (!code) throw new AdapterInboundError('regionCode is required (no default region is configured)', 400);
  const region = await prisma.region.findUnique({ where: { code }, select: { id: true, level: true } });
  if (!region) throw new AdapterInboundError(`unknown regionCode ${code}`, 422);
  if (region.level !== RegionLevel.TOWN && region.level !== RegionLevel.VILLAGE) {
    throw new AdapterInboundError(`regionCode ${code} is not a town/street or village/community`, 422);
  }
  return region.id;
}

/** `GET <baseUrl>/health` with a 2 s budget: the cheap check the admin API shows. */
export async function partnerHealth(baseUrl: string): Promise<{ ok: boolean; message?: string }> {
  try {
    const response = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(2_000) });
    return response.ok ? { ok: true } : { ok: false, message: `health answered ${response.status}` };
  } catch (error) {
    return { ok: false, message: `unreachable: ${(error as Error).name}` };
  }
}
