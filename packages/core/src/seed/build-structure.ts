import type { CaseCategory, MediatorType, RegionLevel } from '../generated/prisma/enums.js';
import {
  CITY,
  DISTRICTS,
  type DistrictDef,
  isRural,
  PROVINCE,
  type TownDef,
  type VillageDef,
} from './data/regions.js';
import type { DemoDataset, MediatorRow, Ref } from './dataset.js';
import { landline, mobile, personName } from './identity.js';
import type { SeededRandom } from './random.js';

export interface DistrictInfo {
  def: DistrictDef;
  /** 6-digit county code. */
  code6: string;
  region: Ref;
  towns: TownInfo[];
  grids: Ref[];
  center: Ref;
  medical: Ref;
  labor: Ref;
  property: Ref;
  industry: Ref;
  lawFirm: Ref;
  supervisor: Ref;
}

export interface TownInfo {
  def: TownDef;
  region: Ref;
  district: DistrictInfo;
  villages: VillageInfo[];
  grids: Ref[];
  committee: Ref;
  judicialOffice: Ref;
  supervisor: Ref;
}

export interface VillageInfo {
  def: VillageDef;
  region: Ref;
  town: TownInfo;
  rural: boolean;
  grids: Ref[];
  committee: Ref;
}

export interface Structure {
  districts: DistrictInfo[];
  towns: TownInfo[];
  villages: VillageInfo[];
  admin: Ref;
  /** The grid worker user of a grid, when it has one. */
  gridWorker: Map<Ref, Ref>;
  /** The user of a mediator, when it has one. */
  mediatorUser: Map<Ref, Ref>;
  /** Active mediators per organization. */
  activeMediatorsByOrg: Map<Ref, Ref[]>;
  /** Grids each mediator serves. */
  mediatorGrids: Map<Ref, Set<Ref>>;
  /** Which town or district an organization belongs to, for locations and supervisors. */
  orgTown: Map<Ref, TownInfo>;
  orgDistrict: Map<Ref, DistrictInfo>;
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五'] as const;

interface MediatorPlan {
  type: MediatorType;
  pool: readonly CaseCategory[];
  name?: string;
  languages?: string[];
}

/** Mediators with a non-Mandarin language or a particular role, keyed by organization code. */
const SPECIAL_MEDIATORS: Record<string, MediatorPlan[]> = {
  'ORG-330105002-TC': [
    {
      type: 'FULL_TIME',
      name: '古丽娜尔·艾买提',
      languages: ['普通话', '维吾尔语'],
      pool: ['CONSUMER', 'LABOR_WAGES', 'HOUSING_LEASE'],
    },
  ],
  'ORG-330106-RC': [
    {
      type: 'LEGAL_SERVICE_WORKER',
      name: '扎西卓玛',
      languages: ['普通话', '藏语'],
      pool: ['CONTRACT', 'DEBT', 'TORT_DAMAGES'],
    },
  ],
  'ORG-330110-LAB': [
    { type: 'FULL_TIME', name: '巴特尔', languages: ['普通话', '蒙古语'], pool: ['LABOR_WAGES', 'CONTRACT'] },
  ],
  'ORG-330110007-TC': [
    {
      type: 'PART_TIME',
      name: '次仁多吉',
      languages: ['普通话', '藏语'],
      pool: ['LABOR_WAGES', 'HOUSING_LEASE', 'NEIGHBORHOOD'],
    },
  ],
  'ORG-330110105201-VC': [
    {
      type: 'RELIGIOUS_FIGURE',
      name: '释明澈',
      languages: ['普通话', '吴语'],
      pool: ['MARRIAGE_FAMILY', 'NEIGHBORHOOD', 'OTHER'],
    },
  ],
  'ORG-330105002002-VC': [
    {
      type: 'RELIGIOUS_FIGURE',
      name: '马文礼',
      languages: ['普通话', '维吾尔语'],
      pool: ['NEIGHBORHOOD', 'MARRIAGE_FAMILY', 'CONSUMER'],
    },
  ],
};

export function buildStructure(rng: SeededRandom, data: DemoDataset): Structure {
  const { regions, grids, gridMembers, organizations, mediators, mediatorGrids, users } = data;

  const addOrg = (
    code: string,
    name: string,
    type: DemoDataset['organizations'][number]['type'],
    region: Ref,
    address: string,
  ): Ref => organizations.push({ code, name, type, region, address, phone: landline(rng) }) - 1;
  const houseNo = () => `${rng.int(1, 399)}号`;

  // ── regions, level by level (ids, and so paths, come in the same order) ──
  const regionRef = new Map<string, Ref>();
  const addRegion = (
    code: string,
    name: string,
    level: RegionLevel,
    parent: Ref | null,
    depth: number,
  ): Ref => {
    const ref = regions.push({ code, name, level, parent, depth }) - 1;
    regionRef.set(code, ref);
    return ref;
  };
  const regionOf = (code: string): Ref => {
    const ref = regionRef.get(code);
    if (ref === undefined) throw new Error(`demo seed: region ${code} not built`);
    return ref;
  };
  const province = addRegion(PROVINCE.code, PROVINCE.name, 'PROVINCE', null, 0);
  const city = addRegion(CITY.code, CITY.name, 'CITY', province, 1);
  for (const d of DISTRICTS) addRegion(d.code, d.name, 'COUNTY', city, 2);
  for (const d of DISTRICTS) for (const t of d.towns) addRegion(t.code, t.name, 'TOWN', regionOf(d.code), 3);
  for (const d of DISTRICTS) {
    for (const t of d.towns)
      for (const v of t.villages) addRegion(v.code, v.name, 'VILLAGE', regionOf(t.code), 4);
  }

  // ── users who supervise a region ──
  const addUser = (row: DemoDataset['users'][number]): Ref => users.push(row) - 1;
  const admin = addUser({
    username: 'admin',
    displayName: '系统管理员',
    role: 'ADMIN',
    region: null,
    mediator: null,
  });
  const addSupervisor = (code: string, region: Ref): Ref =>
    addUser({
      username: `supervisor-${code}`,
      displayName: personName(rng).name,
      role: 'SUPERVISOR',
      region,
      mediator: null,
    });
  addSupervisor(CITY.code, city);

  // ── districts, towns, villages with their grids and organizations ──
  const orgTown = new Map<Ref, TownInfo>();
  const orgDistrict = new Map<Ref, DistrictInfo>();
  const buildVillage = (def: VillageDef, town: TownInfo): VillageInfo => {
    const d = town.district.def;
    const region = regionOf(def.code);
    const village: VillageInfo = {
      def,
      region,
      town,
      rural: isRural(def.name),
      grids: [],
      committee: addOrg(
        `ORG-${def.code}-VC`,
        `${def.name}人民调解委员会`,
        'VILLAGE_COMMITTEE',
        region,
        `杭州市${d.name}${town.def.name}${def.name}${def.places[0] ?? ''}${houseNo()}`,
      ),
    };
    orgTown.set(village.committee, town);
    orgDistrict.set(village.committee, town.district);
    const count = def.grids ?? 2;
    for (let k = 1; k <= count; k++) {
      const households = village.rural ? rng.int(180, 460) : rng.int(380, 920);
      const place = def.places[(k - 1) % def.places.length] ?? def.name;
      const grid =
        grids.push({
          code: `${def.code}-${String(k).padStart(2, '0')}`,
          name: `${def.name}第${CHINESE_ORDINALS[k - 1]}网格`,
          region,
          households,
          population: Math.round(households * rng.float(2.3, 3.2)),
          description: village.rural
            ? `${place}一带,含第${CHINESE_ORDINALS[(2 * k - 2) % 5]}、${CHINESE_ORDINALS[(2 * k - 1) % 5]}村民小组`
            : `${place}沿线${rng.int(8, 26)}幢住宅楼及沿街商铺`,
        }) - 1;
      village.grids.push(grid);
      // 网格长 and 1–3 网格员
      gridMembers.push({ grid, role: 'LEADER', name: personName(rng).name, phone: mobile(rng), user: null });
      const memberCount = rng.int(1, 3);
      for (let m = 0; m < memberCount; m++) {
        gridMembers.push({
          grid,
          role: 'MEMBER',
          name: personName(rng).name,
          phone: mobile(rng),
          user: null,
        });
      }
    }
    return village;
  };
  const buildTown = (def: TownDef, district: DistrictInfo): TownInfo => {
    const d = district.def;
    const region = regionOf(def.code);
    const code9 = def.code.slice(0, 9);
    const address = `杭州市${d.name}${def.name}${def.villages[0]?.places[0] ?? ''}${houseNo()}`;
    const town: TownInfo = {
      def,
      region,
      district,
      villages: [],
      grids: [],
      committee: addOrg(`ORG-${code9}-TC`, `${def.name}人民调解委员会`, 'TOWN_COMMITTEE', region, address),
      judicialOffice: addOrg(
        `ORG-${code9}-JO`,
        `${d.name}司法局${def.short}司法所`,
        'JUDICIAL_OFFICE',
        region,
        address,
      ),
      supervisor: addSupervisor(def.code, region),
    };
    for (const org of [town.committee, town.judicialOffice]) {
      orgTown.set(org, town);
      orgDistrict.set(org, district);
    }
    for (const v of def.villages) town.villages.push(buildVillage(v, town));
    town.grids.push(...town.villages.flatMap((v) => v.grids));
    return town;
  };
  const buildDistrict = (def: DistrictDef): DistrictInfo => {
    const region = regionOf(def.code);
    const code = `ORG-${def.code.slice(0, 6)}`;
    const address = `杭州市${def.name}${def.towns[0]?.villages[0]?.places[0] ?? ''}${houseNo()}`;
    const district: DistrictInfo = {
      def,
      code6: def.code.slice(0, 6),
      region,
      towns: [],
      grids: [],
      center: addOrg(`${code}-RC`, `${def.name}矛盾纠纷多元化解中心`, 'RESOLUTION_CENTER', region, address),
      medical: addOrg(
        `${code}-MED`,
        `${def.name}医疗纠纷人民调解委员会`,
        'MEDICAL_COMMITTEE',
        region,
        address,
      ),
      labor: addOrg(`${code}-LAB`, `${def.name}劳动争议人民调解委员会`, 'LABOR_COMMITTEE', region, address),
      property: addOrg(
        `${code}-PROP`,
        `${def.name}物业纠纷人民调解委员会`,
        'PROPERTY_COMMITTEE',
        region,
        address,
      ),
      industry: addOrg(`${code}-IND`, def.industryCommittee, 'INDUSTRY_COMMITTEE', region, address),
      lawFirm: addOrg(
        `${code}-LAW`,
        def.lawFirm,
        'LAW_FIRM',
        region,
        `杭州市${def.name}${def.towns[1]?.villages[0]?.places[0] ?? ''}${houseNo()}${rng.int(5, 18)}楼`,
      ),
      supervisor: addSupervisor(def.code, region),
    };
    const { center, medical, labor, property, industry, lawFirm } = district;
    for (const org of [center, medical, labor, property, industry, lawFirm]) orgDistrict.set(org, district);
    for (const t of def.towns) district.towns.push(buildTown(t, district));
    district.grids.push(...district.towns.flatMap((t) => t.grids));
    return district;
  };
  const districts = DISTRICTS.map(buildDistrict);
  const towns = districts.flatMap((d) => d.towns);
  const villages = towns.flatMap((t) => t.villages);

  // ── mediators ──
  const mediatorGridSets = new Map<Ref, Set<Ref>>();
  const perOrg = new Map<Ref, number>();
  const addMediators = (org: Ref, plans: MediatorPlan[], area: Ref[], gridCount: () => number) => {
    const orgRow = organizations[org];
    if (!orgRow) return;
    for (const plan of plans) {
      const seq = (perOrg.get(org) ?? 0) + 1;
      perOrg.set(org, seq);
      const dialect = plan.languages ?? mandarinOrDialect(rng, plan.type, orgRow.code);
      const specialtyCount = rng.int(1, Math.min(3, plan.pool.length));
      const specialties = [
        plan.pool[0] as CaseCategory,
        ...rng.sample(plan.pool.slice(1), specialtyCount - 1),
      ];
      const row: MediatorRow = {
        code: `${orgRow.code.slice(4)}-${String(seq).padStart(2, '0')}`,
        name: plan.name ?? personName(rng).name,
        type: plan.type,
        organization: org,
        phone: mobile(rng),
        specialties,
        languages: dialect,
        capacity: rng.int(5, 15),
        active: true,
      };
      const ref = mediators.push(row) - 1;
      const served = new Set(rng.sample(area, Math.min(area.length, gridCount())));
      mediatorGridSets.set(ref, served);
      for (const grid of served) mediatorGrids.push({ mediator: ref, grid });
    }
  };
  const withSpecial = (org: Ref, plans: MediatorPlan[]) => [
    ...plans,
    ...(SPECIAL_MEDIATORS[organizations[org]?.code ?? ''] ?? []),
  ];

  for (const district of districts) {
    const area = district.grids;
    const some = () => rng.int(2, 4);
    addMediators(
      district.center,
      withSpecial(district.center, [
        { type: 'FULL_TIME', pool: ['CONTRACT', 'DEBT', 'TORT_DAMAGES', 'CONSUMER', 'HOUSING_LEASE'] },
      ]),
      area,
      some,
    );
    if (!SPECIAL_MEDIATORS[`ORG-${district.code6}-RC`]) {
      addMediators(
        district.center,
        [{ type: 'LEGAL_SERVICE_WORKER', pool: ['DEBT', 'CONTRACT', 'HOUSING_LEASE'] }],
        area,
        some,
      );
    }
    addMediators(district.medical, [{ type: 'FULL_TIME', pool: ['MEDICAL', 'TORT_DAMAGES'] }], area, some);
    addMediators(
      district.labor,
      withSpecial(
        district.labor,
        SPECIAL_MEDIATORS[`ORG-${district.code6}-LAB`]
          ? []
          : [{ type: 'FULL_TIME', pool: ['LABOR_WAGES', 'CONTRACT'] }],
      ),
      area,
      some,
    );
    addMediators(
      district.property,
      [{ type: 'PART_TIME', pool: ['PROPERTY_MANAGEMENT', 'NEIGHBORHOOD', 'HOUSING_LEASE'] }],
      area,
      some,
    );
    const industryPool: Record<string, CaseCategory[]> = {
      '330106': ['TOURISM', 'CONSUMER'],
      '330105': ['CONSUMER', 'CONTRACT'],
      '330110': ['TORT_DAMAGES', 'OTHER'],
    };
    addMediators(
      district.industry,
      [{ type: 'PART_TIME', pool: industryPool[district.code6] ?? ['OTHER'] }],
      area,
      some,
    );
    const lawyerPool: CaseCategory[] = [
      'CONTRACT',
      'DEBT',
      'HOUSING_LEASE',
      'TORT_DAMAGES',
      'MARRIAGE_FAMILY',
    ];
    addMediators(
      district.lawFirm,
      [
        { type: 'LAWYER', pool: lawyerPool },
        { type: 'LAWYER', pool: rng.shuffle(lawyerPool) },
      ],
      area,
      some,
    );

    for (const town of district.towns) {
      const rural = town.villages.some((v) => v.rural);
      const townPool: CaseCategory[] = [
        'NEIGHBORHOOD',
        'MARRIAGE_FAMILY',
        'LABOR_WAGES',
        'CONTRACT',
        'DEBT',
        'HOUSING_LEASE',
        ...(rural ? (['LAND_GRASSLAND'] as const) : (['PROPERTY_MANAGEMENT'] as const)),
      ];
      const special = SPECIAL_MEDIATORS[`ORG-${town.def.code.slice(0, 9)}-TC`];
      addMediators(
        town.committee,
        [
          { type: 'FULL_TIME', pool: rng.shuffle(townPool) },
          ...(special ?? [{ type: 'FULL_TIME', pool: rng.shuffle(townPool) }]),
        ],
        town.grids,
        () => rng.int(2, 4),
      );
      addMediators(
        town.judicialOffice,
        [{ type: 'JUDICIAL_OFFICER', pool: ['CONTRACT', 'DEBT', 'LAND_GRASSLAND', 'LABOR_WAGES', 'OTHER'] }],
        town.grids,
        () => rng.int(2, 4),
      );
      for (const village of town.villages) {
        const type: MediatorType = village.rural
          ? rng.weighted(['RESPECTED_ELDER', 'PART_TIME', 'FULL_TIME'], [5, 4, 1])
          : rng.weighted(['PART_TIME', 'RESPECTED_ELDER', 'FULL_TIME'], [6, 2, 2]);
        const pool: CaseCategory[] = village.rural
          ? ['NEIGHBORHOOD', 'MARRIAGE_FAMILY', 'LAND_GRASSLAND', 'OTHER']
          : ['NEIGHBORHOOD', 'MARRIAGE_FAMILY', 'PROPERTY_MANAGEMENT', 'HOUSING_LEASE'];
        addMediators(
          village.committee,
          withSpecial(village.committee, [{ type, pool }]),
          village.grids,
          () => village.grids.length,
        );
      }
    }
  }

  // A few mediators have stopped serving (retired, moved away).
  const retirable = mediators
    .map((m, i) => [m, i] as const)
    .filter(
      ([m]) =>
        (m.type === 'PART_TIME' || m.type === 'RESPECTED_ELDER') &&
        !m.languages.some((l) => l !== '普通话' && l !== '杭州话' && l !== '吴语'),
    );
  for (const [m] of rng.sample(retirable, 4)) m.active = false;

  // Mediators who sign in: judicial officers, each town's first full-time mediator, lawyers,
  // and the mediators who speak a minority language.
  const mediatorUser = new Map<Ref, Ref>();
  mediators.forEach((m, ref) => {
    const wanted =
      m.type === 'JUDICIAL_OFFICER' ||
      (m.type === 'LAWYER' && m.code.endsWith('-01')) ||
      (organizations[m.organization]?.type === 'TOWN_COMMITTEE' && m.code.endsWith('-01')) ||
      m.languages.some((l) => l === '藏语' || l === '蒙古语' || l === '维吾尔语');
    if (!wanted || !m.active || m.type === 'RELIGIOUS_FIGURE') return;
    const org = organizations[m.organization];
    const user = addUser({
      username: `mediator-${m.code.toLowerCase()}`,
      displayName: m.name,
      role: 'MEDIATOR',
      region: org?.region ?? null,
      mediator: ref,
    });
    mediatorUser.set(ref, user);
  });

  // The leader of each village's first grid signs in as a grid worker.
  const gridWorker = new Map<Ref, Ref>();
  for (const village of villages) {
    const grid = village.grids[0];
    if (grid === undefined) continue;
    const leader = gridMembers.find((gm) => gm.grid === grid && gm.role === 'LEADER');
    if (!leader) continue;
    const user = addUser({
      username: `grid-${grids[grid]?.code ?? grid}`,
      displayName: leader.name,
      role: 'GRID_WORKER',
      region: village.region,
      mediator: null,
    });
    leader.user = user;
    gridWorker.set(grid, user);
  }

  const activeMediatorsByOrg = new Map<Ref, Ref[]>();
  mediators.forEach((m, ref) => {
    if (!m.active) return;
    const list = activeMediatorsByOrg.get(m.organization) ?? [];
    list.push(ref);
    activeMediatorsByOrg.set(m.organization, list);
  });

  return {
    districts,
    towns,
    villages,
    admin,
    gridWorker,
    mediatorUser,
    activeMediatorsByOrg,
    mediatorGrids: mediatorGridSets,
    orgTown,
    orgDistrict,
  };
}

function mandarinOrDialect(rng: SeededRandom, type: MediatorType, orgCode: string): string[] {
  const local = type === 'RESPECTED_ELDER' || type === 'PART_TIME';
  if (!local || !rng.chance(0.45)) return ['普通话'];
  // 余杭 villages speak a northern Wu dialect; the old city speaks 杭州话.
  return orgCode.startsWith('ORG-330110') ? ['普通话', '吴语'] : ['普通话', '杭州话'];
}
