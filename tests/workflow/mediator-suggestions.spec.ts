import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

async function createMediator(input: Record<string, unknown>) {
  const { body } = await api.graphql(
    `mutation($input: CreateMediatorInput!) { createMediator(input: $input) {
      __typename ... on CreateMediatorSuccess { mediator { id code } } ... on Error { message } } }`,
    { input },
  );
  expect(body.data!.createMediator.__typename, JSON.stringify(body)).toBe('CreateMediatorSuccess');
  return body.data!.createMediator.mediator as { id: string; code: string };
}

describe('mediatorSuggestions', () => {
  it('ranks by grid/region, specialty, language, capacity and workload, and explains each rank', async () => {
    const prisma = api.db.prisma;
    const grid = await prisma.grid.findFirstOrThrow({ include: { region: true }, orderBy: { id: 'desc' } });
    const village = grid.region;
    const town = await prisma.region.findUniqueOrThrow({ where: { id: village.parentId! } });
    const villageOrg = await prisma.organization.findFirstOrThrow({ where: { regionId: village.id } });
    const townOrg = await prisma.organization.findFirstOrThrow({ where: { regionId: town.id } });
    const base = { type: 'PART_TIME', capacity: 5 };

    await createMediator({
      ...base,
      code: 'S-FULL',
      name: '满负荷',
      organizationId: gid('Organization', villageOrg.id),
      specialties: ['MEDICAL'],
      languages: ['藏语'],
      gridIds: [gid('Grid', grid.id)],
      capacity: 0,
    });
    await createMediator({
      ...base,
      code: 'S-BEST',
      name: '最佳',
      organizationId: gid('Organization', villageOrg.id),
      specialties: ['MEDICAL'],
      languages: ['普通话', '藏语'],
      gridIds: [gid('Grid', grid.id)],
    });
    await createMediator({
      ...base,
      code: 'S-NOLANG',
      name: '不通藏语',
      organizationId: gid('Organization', villageOrg.id),
      specialties: ['MEDICAL'],
      languages: ['普通话'],
      gridIds: [gid('Grid', grid.id)],
    });
    await createMediator({
      ...base,
      code: 'S-NOSPEC',
      name: '非专长',
      organizationId: gid('Organization', villageOrg.id),
      specialties: ['DEBT'],
      languages: ['藏语'],
      gridIds: [gid('Grid', grid.id)],
    });
    await createMediator({
      ...base,
      code: 'S-TOWN',
      name: '街道调解员',
      organizationId: gid('Organization', townOrg.id),
      specialties: ['MEDICAL'],
      languages: ['藏语'],
    });
    await createMediator({
      ...base,
      code: 'S-INACTIVE',
      name: '停用',
      organizationId: gid('Organization', villageOrg.id),
      specialties: ['MEDICAL'],
      languages: ['藏语'],
      gridIds: [gid('Grid', grid.id)],
      active: false,
    });

    const report = await api.graphql(
      `mutation($input: ReportCaseInput!) { reportCase(input: $input) { ... on ReportCaseSuccess { case { id language } } } }`,
      {
        input: {
          title: '牧民就医费用纠纷',
          facts: '患者家属对卫生院收费有异议，需藏语沟通。',
          category: 'MEDICAL',
          source: 'WALK_IN',
          gridId: gid('Grid', grid.id),
          language: '藏语',
          parties: [{ role: 'APPLICANT', name: '次仁' }],
        },
      },
    );
    const caseId = report.body.data!.reportCase.case.id;
    expect(report.body.data!.reportCase.case.language).toBe('藏语');

    const { body } = await api.graphql(
      `query($id: ID!) { mediatorSuggestions(caseId: $id, first: 50) {
        rank servesGrid servesRegion specialtyMatch languageMatch openCases freeCapacity explanation
        factors { factor met detail } mediator { id code active }
      } }`,
      { id: caseId },
    );
    expect(body.errors).toBeUndefined();
    const list = body.data!.mediatorSuggestions as any[];
    const position = (code: string) => list.findIndex((s) => s.mediator.code === code);

    expect(list.map((s) => s.rank)).toEqual(list.map((_, i) => i + 1));
    expect(list.every((s) => s.mediator.active)).toBe(true);
    expect(position('S-INACTIVE')).toBe(-1);
    expect(position('S-BEST')).toBeGreaterThanOrEqual(0);
    expect(position('S-BEST')).toBeLessThan(position('S-FULL'));
    expect(position('S-BEST')).toBeLessThan(position('S-NOLANG'));
    expect(position('S-NOLANG')).toBeLessThan(position('S-NOSPEC'));
    expect(position('S-NOSPEC')).toBeLessThan(position('S-TOWN'));

    const top = list[position('S-BEST')];
    expect(top).toMatchObject({
      servesGrid: true,
      servesRegion: true,
      specialtyMatch: true,
      languageMatch: true,
      openCases: 0,
      freeCapacity: 5,
    });
    expect(top.explanation).toContain('会说藏语');
    expect(top.explanation).toContain('擅长医疗纠纷');
    expect(list[position('S-FULL')].factors.find((f: any) => f.factor === 'CAPACITY')).toMatchObject({
      met: false,
    });
    expect(list[position('S-TOWN')]).toMatchObject({ servesGrid: false, servesRegion: true });

    // the ranking keys never go backwards down the list
    const key = (s: any) => [
      s.servesGrid || s.servesRegion ? 0 : 1,
      s.servesGrid ? 0 : 1,
      s.specialtyMatch ? 0 : 1,
      s.languageMatch === false ? 1 : 0,
      s.freeCapacity > 0 ? 0 : 1,
      s.openCases,
    ];
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [key(list[i - 1]), key(list[i])];
      const firstDifference = a.findIndex((value, index) => value !== b[index]);
      if (firstDifference >= 0) expect(a[firstDifference]).toBeLessThan(b[firstDifference]!);
    }
  });

  it('counts open cases from the database', async () => {
    const busy = await api.db.prisma.mediator.findFirstOrThrow({
      where: { active: true, leadCases: { some: { status: 'IN_MEDIATION' } } },
      include: {
        leadCases: { where: { status: { in: ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] } } },
        coCases: {
          where: { case: { status: { in: ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] } } },
        },
      },
    });
    const kase = await api.db.prisma.case.findFirstOrThrow({
      where: { leadMediatorId: busy.id, status: 'IN_MEDIATION' },
    });
    const { body } = await api.graphql(
      `query($id: ID!) { mediatorSuggestions(caseId: $id, first: 50) { openCases mediator { id } } }`,
      {
        id: gid('Case', kase.id),
      },
    );
    const entry = body.data!.mediatorSuggestions.find((s: any) => s.mediator.id === gid('Mediator', busy.id));
    expect(entry.openCases).toBe(busy.leadCases.length + busy.coCases.length);
  });

  it('answers an unknown case with NOT_FOUND and a bad page size with VALIDATION_FAILED', async () => {
    const missing = await api.graphql(`{ mediatorSuggestions(caseId: "${gid('Case', 999999)}") { rank } }`);
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const big = await api.graphql(
      `{ mediatorSuggestions(caseId: "${gid('Case', 1)}", first: 500) { rank } }`,
    );
    expect(big.body.errors![0]!.extensions!.code).toBe('VALIDATION_FAILED');
  });
});
