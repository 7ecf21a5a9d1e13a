import { openCaseStatuses } from '../cases/case-status.js';
import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { Mediator } from '../generated/prisma/client.js';
import { glossary } from '../glossary.js';
import { ancestorIds } from '../registry/regions.js';

export interface SuggestionFactor {
  /** Stable key: SERVES_GRID, SERVES_REGION, SPECIALTY, LANGUAGE, CAPACITY, WORKLOAD. */
  factor: 'SERVES_GRID' | 'SERVES_REGION' | 'SPECIALTY' | 'LANGUAGE' | 'CAPACITY' | 'WORKLOAD';
  met: boolean;
  /** Why, in Chinese, for the supervisor who assigns. */
  detail: string;
}

export interface MediatorSuggestion {
  rank: number;
  mediator: Mediator;
  servesGrid: boolean;
  servesRegion: boolean;
  specialtyMatch: boolean;
  /** Null when the case names no language. */
  languageMatch: boolean | null;
  openCases: number;
  freeCapacity: number;
  factors: SuggestionFactor[];
  /** One sentence: why this mediator ranks here. */
  explanation: string;
}

/**
 * Ranks active mediators for a case (DESIGN §2 "Assignment"): serves the case's grid or region,
 * has the category as a specialty, speaks the case's language, has free capacity, then fewest open
 * cases. Candidates are the mediators serving the grid and those of organizations in the case's
 * county or above it. Two queries, whatever the number of candidates.
 */
export async function suggestMediators(
  db: Db,
  caseId: number,
  options: { limit?: number } = {},
): Promise<MediatorSuggestion[]> {
  const kase = await db.case.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      category: true,
      language: true,
      gridId: true,
      region: { select: { id: true, path: true } },
    },
  });
  if (!kase) throw new NotFoundError('Case', String(caseId));

  const lineage = [...ancestorIds(kase.region), kase.region.id];
  // province, city, county: the county is the widest area a mediator is drawn from
  const countyPath = `/${lineage.slice(0, 3).join('/')}/`;
  const open = [...openCaseStatuses];

  const candidates = await db.mediator.findMany({
    where: {
      active: true,
      OR: [
        ...(kase.gridId ? [{ grids: { some: { gridId: kase.gridId } } }] : []),
        { organization: { regionId: { in: lineage } } },
        { organization: { region: { path: { startsWith: countyPath } } } },
      ],
    },
    include: {
      organization: { select: { regionId: true, name: true } },
      grids: { where: { gridId: kase.gridId ?? -1 }, select: { gridId: true } },
      _count: {
        select: {
          leadCases: { where: { status: { in: open } } },
          coCases: { where: { case: { status: { in: open } } } },
        },
      },
    },
  });

  const scored = candidates.map((candidate) => {
    const { organization, grids, _count, ...mediator } = candidate;
    const servesGrid = grids.length > 0;
    const servesRegion = lineage.includes(organization.regionId);
    const specialtyMatch = mediator.specialties.includes(kase.category);
    const languageMatch = kase.language ? mediator.languages.includes(kase.language) : null;
    const openCases = _count.leadCases + _count.coCases;
    const freeCapacity = Math.max(0, mediator.capacity - openCases);
    const term = glossary.CaseCategory.labels[kase.category];
    const factors: SuggestionFactor[] = [
      { factor: 'SERVES_GRID', met: servesGrid, detail: servesGrid ? '服务该网格' : '不服务该网格' },
      {
        factor: 'SERVES_REGION',
        met: servesRegion,
        detail: servesRegion
          ? `所属${organization.name}覆盖纠纷发生地`
          : `所属${organization.name}不直接覆盖纠纷发生地`,
      },
      {
        factor: 'SPECIALTY',
        met: specialtyMatch,
        detail: specialtyMatch ? `擅长${term}` : `不以${term}为专长`,
      },
      ...(kase.language
        ? [
            {
              factor: 'LANGUAGE' as const,
              met: languageMatch === true,
              detail: languageMatch ? `会说${kase.language}` : `不会说${kase.language}`,
            },
          ]
        : []),
      {
        factor: 'CAPACITY',
        met: freeCapacity > 0,
        detail:
          freeCapacity > 0
            ? `尚有空余 (${openCases}/${mediator.capacity})`
            : `已满负荷 (${openCases}/${mediator.capacity})`,
      },
      { factor: 'WORKLOAD', met: true, detail: `在办案件 ${openCases} 件` },
    ];
    return {
      mediator,
      servesGrid,
      servesRegion,
      specialtyMatch,
      languageMatch,
      openCases,
      freeCapacity,
      factors,
      key: [
        servesGrid || servesRegion ? 0 : 1,
        servesGrid ? 0 : 1,
        specialtyMatch ? 0 : 1,
        languageMatch === false ? 1 : 0,
        freeCapacity > 0 ? 0 : 1,
        openCases,
      ],
    };
  });

  scored.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const difference = a.key[i]! - b.key[i]!;
      if (difference !== 0) return difference;
    }
    return a.mediator.code.localeCompare(b.mediator.code);
  });

  return scored.slice(0, options.limit ?? 10).map(({ key: _key, ...suggestion }, index) => ({
    ...suggestion,
    rank: index + 1,
    explanation: `第${index + 1}位: ${suggestion.factors
      .filter((f) => f.factor !== 'WORKLOAD')
      .map((f) => f.detail)
      .join('，')}，在办案件 ${suggestion.openCases} 件。`,
  }));
}
