import type { LedgerKind } from '../generated/prisma/enums.js';
import type { Structure } from './build-structure.js';
import type { DemoDataset, Ref } from './dataset.js';
import type { SeededRandom } from './random.js';
import { DAY, HOUR, MINUTE, shanghaiDate, shanghaiDayStart } from './time.js';

type LedgerText = (place: string, rng: SeededRandom) => { title: string; content: string };

/** The three ledgers besides disputes: 人口信息, 民生救助, 群众诉求. */
const LEDGER_TEXTS: Record<Exclude<LedgerKind, 'DISPUTE'>, readonly LedgerText[]> = {
  POPULATION: [
    (place, rng) => ({
      title: '流动人口登记',
      content: `${place}新登记外来务工人员${rng.int(2, 9)}户${rng.int(4, 20)}人,已核对居住证信息并录入系统。`,
    }),
    (place, rng) => ({
      title: '出租房屋信息核查',
      content: `核查${place}出租房屋${rng.int(5, 30)}套,更新承租人信息${rng.int(3, 18)}条,发现未登记租户${rng.int(0, 3)}人,已督促房东补登。`,
    }),
    (place, rng) => ({
      title: '独居老人信息更新',
      content: `${place}现有80周岁以上独居老人${rng.int(2, 12)}人,已逐户上门核实健康状况和紧急联系人。`,
    }),
    (_place, rng) => ({
      title: '新生儿及户籍变动登记',
      content: `本月网格内新生儿${rng.int(0, 4)}人,迁入${rng.int(0, 6)}人,迁出${rng.int(0, 5)}人,信息已同步社区。`,
    }),
  ],
  WELFARE: [
    (_place, rng) => ({
      title: '低保家庭走访',
      content: `走访低保及低边家庭${rng.int(2, 8)}户,了解就医、就学困难,协助${rng.int(1, 3)}户申请临时救助。`,
    }),
    (_place, rng) => ({
      title: '困难残疾人两项补贴申报',
      content: `协助${rng.int(1, 5)}名残疾人办理困难残疾人生活补贴和重度残疾人护理补贴申报,材料已报街道(镇)审核。`,
    }),
    (_place, rng) => ({
      title: '高龄津贴申领协助',
      content: `为${rng.int(1, 6)}名年满80周岁的老人代办高龄津贴申领,已通过"浙里办"提交。`,
    }),
    (place, _rng) => ({
      title: '困难群众节日慰问',
      content: `会同社区(村)干部对${place}困难家庭开展节日慰问,送去米、油等慰问品。`,
    }),
  ],
  PUBLIC_REQUEST: [
    (place, _rng) => ({
      title: '路灯损坏报修',
      content: `群众反映${place}路段路灯不亮,已拍照上报平台,转城管部门处理。`,
    }),
    (place, _rng) => ({
      title: '垃圾分类投放点异味投诉',
      content: `居民反映${place}垃圾分类投放点夏季异味较大,已协调物业增加清运频次。`,
    }),
    (place, rng) => ({
      title: '停车难问题反映',
      content: `${place}周边居民${rng.int(3, 12)}人反映夜间停车难,已汇总报社区(村)研究错时共享停车方案。`,
    }),
    (place, _rng) => ({
      title: '道路破损修补',
      content: `${place}道路出现坑洼,雨天积水,已上报并跟踪修补进度。`,
    }),
    (place, _rng) => ({
      title: '健身器材损坏',
      content: `${place}健身点两件器材损坏存在安全隐患,已设置警示并报修。`,
    }),
    (place, rng) => ({
      title: '加装电梯意见征集',
      content: `配合社区征集${place}${rng.int(2, 8)}个单元加装电梯意见,已完成入户签字统计。`,
    }),
  ],
};

const CAMPAIGNS = ['涉疫矛盾纠纷专项排查', '"枫桥经验"矛盾纠纷大排查', '节前矛盾纠纷集中排查'] as const;

export function buildGridWork(rng: SeededRandom, data: DemoDataset, s: Structure, now: Date): void {
  const nowMs = now.getTime();
  const gridPlace = (grid: Ref): string => {
    const village = s.villages.find((v) => v.grids.includes(grid));
    const row = data.grids[grid];
    return `${village?.def.name ?? ''}${row?.name.replace(village?.def.name ?? '', '') ?? ''}`;
  };

  // 矛盾纠纷 ledger: every dispute a grid worker found, linked to its case.
  data.cases.forEach((c, ref) => {
    if (c.source !== 'GRID_SCREENING') return;
    data.ledger.push({
      grid: c.grid,
      kind: 'DISPUTE',
      title: c.title,
      content: `网格员走访排查发现:${c.title}。已录入矛盾纠纷台账,上报并跟踪化解进度。`,
      case: ref,
      recordedBy: c.reportedBy,
      recordedAt: new Date(c.reportedAt.getTime() - rng.int(10, 120) * MINUTE),
    });
  });

  // The other three ledgers for most grids.
  data.grids.forEach((_grid, ref) => {
    if (!rng.chance(0.8)) return;
    const place = gridPlace(ref);
    for (const kind of ['POPULATION', 'WELFARE', 'PUBLIC_REQUEST'] as const) {
      const n = rng.int(0, 3);
      for (let k = 0; k < n; k++) {
        const text = rng.pick(LEDGER_TEXTS[kind])(place, rng);
        const day = shanghaiDayStart(nowMs - rng.int(1, 118) * DAY);
        data.ledger.push({
          grid: ref,
          kind,
          ...text,
          case: null,
          recordedBy: s.gridWorker.get(ref) ?? null,
          recordedAt: new Date(day + rng.int(540, 1050) * MINUTE),
        });
      }
    }
  });
  data.ledger.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());

  // Weekly screening rounds for the last eight full weeks (Monday to Sunday, China time).
  const today = shanghaiDayStart(nowMs);
  const weekday = (new Date(today + 8 * HOUR).getUTCDay() + 6) % 7; // Monday = 0
  const thisMonday = today - weekday * DAY;
  const foundByGridWeek = new Map<string, number>();
  for (const c of data.cases) {
    if (c.source !== 'GRID_SCREENING') continue;
    const week = Math.ceil((thisMonday - shanghaiDayStart(c.reportedAt.getTime())) / (7 * DAY));
    const key = `${c.grid}:${week}`;
    foundByGridWeek.set(key, (foundByGridWeek.get(key) ?? 0) + 1);
  }
  for (let week = 8; week >= 1; week--) {
    const monday = thisMonday - week * 7 * DAY;
    const campaign =
      week === 7 || week === 6 ? CAMPAIGNS[0] : week === 3 ? CAMPAIGNS[1] : week === 1 ? CAMPAIGNS[2] : null;
    data.grids.forEach((grid, ref) => {
      const missing = rng.chance(0.06);
      const extra = rng.weighted([0, 1, 2, 3], [45, 35, 15, 5]);
      const dayOffset = rng.int(0, 4);
      const visited = Math.round(grid.households * rng.float(0.12, 0.4));
      if (missing) return; // no round filed: silence, unlike a zero report
      const reported = foundByGridWeek.get(`${ref}:${week}`) ?? 0;
      const found = reported + extra;
      const screenedOn = monday + dayOffset * DAY;
      data.screenings.push({
        grid: ref,
        reporter: s.gridWorker.get(ref) ?? null,
        screenedOn: shanghaiDate(screenedOn),
        householdsVisited: visited,
        disputesFound: found,
        zeroReport: found === 0,
        campaign,
        notes:
          found === 0
            ? `本周走访${visited}户,未发现矛盾纠纷,零报告。`
            : `本周走访${visited}户,发现矛盾纠纷${found}起,其中当场化解${found - reported}起,登记上报${reported}起。`,
        createdAt: new Date(screenedOn + rng.int(960, 1080) * MINUTE),
      });
    });
  }
}
