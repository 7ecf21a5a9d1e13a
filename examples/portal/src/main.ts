import {
  CaseBoardQuery,
  CaseFeedSubscription,
  createClient,
  type MediationClient,
  MediationError,
  RegionRootsQuery,
  type ResultOf,
  UnauthenticatedError,
  ViewerQuery,
  WeeklyReportQuery,
} from '@mediation/sdk';
import { aliasOf, CategoryCountsQuery, StatusCountsQuery } from './api.js';
import { drawCategoryChart, drawTrendChart, resizeCharts, type TrendWeek } from './charts.js';
import { categoryLabels, eventLabels, riskLabels, statusLabels } from './labels.js';

type BoardCase = NonNullable<ResultOf<typeof CaseBoardQuery>['cases']['nodes'][number]>;
type Viewer = ResultOf<typeof ViewerQuery>['viewer'];

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const openStatuses = ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] as const;
const roleLabels: Record<string, string> = {
  ADMIN: '系统管理员',
  SUPERVISOR: '监管人员',
  MEDIATOR: '调解员',
  GRID_WORKER: '网格员',
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function caseRow(c: BoardCase, note?: string): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset.caseId = c.id;
  li.dataset.number = c.number;
  li.innerHTML = `
    <span class="tag risk-${c.riskLevel}">${escapeHtml(riskLabels[c.riskLevel] ?? c.riskLevel)}</span>
    <span><b>${escapeHtml(c.title)}</b><br /><span class="num">${escapeHtml(c.number)} · ${escapeHtml(
      c.grid?.name ?? c.region.name,
    )}</span></span>
    <span class="tag">${escapeHtml(note ?? statusLabels[c.status] ?? c.status)}</span>`;
  return li;
}

/** Puts a case at the top of a list (replacing its old row), keeping at most `limit` rows. */
function upsert(list: HTMLElement, c: BoardCase, note?: string, limit = 50): void {
  list.querySelector(`[data-case-id="${CSS.escape(c.id)}"]`)?.remove();
  const row = caseRow(c, note);
  row.classList.add('fresh');
  // when the live event was shown (wall clock), for measuring commit → screen latency
  row.dataset.shownAt = String(performance.timeOrigin + performance.now());
  list.prepend(row);
  while (list.children.length > limit) list.lastElementChild?.remove();
}

/** Monday 00:00 China time of the week `weeksAgo` weeks back, as YYYY-MM-DD. */
function weekStart(weeksAgo: number, now = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const day = (china.getUTCDay() + 6) % 7;
  china.setUTCDate(china.getUTCDate() - day - 7 * weeksAgo);
  return china.toISOString().slice(0, 10);
}

async function loadCounts(client: MediationClient, regionId: string | null): Promise<void> {
  const [statuses, categories] = await Promise.all([
    client.request(StatusCountsQuery, { regionId }),
    client.request(CategoryCountsQuery, { regionId }),
  ]);
  $('total').textContent = String(statuses.all.totalCount);
  $('status-counts').innerHTML = Object.entries(statusLabels)
    .map(([status, label]) => {
      const count = (statuses as Record<string, { totalCount: number }>)[aliasOf(status)]?.totalCount ?? 0;
      return `<span class="chip" data-status="${status}">${label}<b>${count}</b></span>`;
    })
    .join('');
  const rows = Object.entries(categoryLabels).map(([category, label]) => ({
    label,
    count: (categories as Record<string, { totalCount: number }>)[aliasOf(category)]?.totalCount ?? 0,
  }));
  drawCategoryChart($('category-chart'), rows);
}

/** The eight weeks up to `until` (the newest report: the server's clock, whatever the browser's says). */
async function loadTrend(client: MediationClient, regionId: string, until: Date): Promise<void> {
  const weeks: TrendWeek[] = await Promise.all(
    [7, 6, 5, 4, 3, 2, 1, 0].map(async (ago) => {
      const { weeklyReport } = await client.request(WeeklyReportQuery, {
        regionId,
        weekStart: weekStart(ago, until),
      });
      return {
        weekStart: weeklyReport.weekStart,
        newCases: weeklyReport.newCases,
        resolved: weeklyReport.resolved,
      };
    }),
  );
  drawTrendChart($('trend-chart'), weeks);
}

async function startBoard(client: MediationClient, viewer: Viewer): Promise<void> {
  const regionId = viewer.region?.id ?? null;
  const roleLabel = viewer.role ? (roleLabels[viewer.role] ?? viewer.role) : '对接系统';
  $('who').textContent = `${viewer.name}（${roleLabel}）· ${viewer.region?.name ?? '全部辖区'}`;
  $('sign-in').hidden = true;
  $('board').hidden = false;

  // the report needs a region: the viewer's, else the deployment's top one
  const reportRegion = regionId ?? (await client.request(RegionRootsQuery)).regions.nodes[0]?.id ?? null;
  const cases = $('cases');
  const warnings = $('warnings');
  const [recent, risky] = await Promise.all([
    client.request(CaseBoardQuery, {
      first: 30,
      filter: { regionId },
      orderBy: { field: 'REPORTED_AT', direction: 'DESC' },
    }),
    client.request(CaseBoardQuery, {
      first: 30,
      filter: { regionId, minRisk: 'HIGH', statuses: [...openStatuses] },
      orderBy: { field: 'RISK_LEVEL', direction: 'DESC' },
    }),
  ]);
  cases.replaceChildren(...recent.cases.nodes.flatMap((c) => (c ? [caseRow(c)] : [])));
  warnings.replaceChildren(...risky.cases.nodes.flatMap((c) => (c ? [caseRow(c)] : [])));
  const newest = recent.cases.nodes[0]?.reportedAt;
  const until = newest && Date.parse(newest) < Date.now() ? new Date(newest) : new Date();
  await Promise.all([
    loadCounts(client, regionId),
    reportRegion ? loadTrend(client, reportRegion, until) : undefined,
  ]);

  // counts follow the feed, fetched at most once a second however busy it is
  let countsPending = false;
  const refreshCounts = () => {
    if (countsPending) return;
    countsPending = true;
    setTimeout(() => {
      countsPending = false;
      void loadCounts(client, regionId);
    }, 1000);
  };

  const state = $('live-state');
  state.textContent = '实时';
  state.classList.add('on');
  try {
    for await (const { caseFeed: event } of client.subscribe(CaseFeedSubscription, {
      filter: { regionId },
    })) {
      const c = event.case;
      upsert(cases, c, eventLabels[event.type] ?? event.type);
      const open = (openStatuses as readonly string[]).includes(c.status);
      if ((c.riskLevel === 'HIGH' || c.riskLevel === 'CRITICAL') && open) upsert(warnings, c);
      else warnings.querySelector(`[data-case-id="${CSS.escape(c.id)}"]`)?.remove();
      refreshCounts();
    }
  } catch (error) {
    state.classList.remove('on');
    state.textContent = error instanceof MediationError ? `已断开：${error.message}` : '已断开';
  }
}

async function signIn(apiUrl: string, token: string): Promise<void> {
  const client = createClient({ url: apiUrl, auth: () => ({ token }) });
  try {
    const { viewer } = await client.request(ViewerQuery);
    sessionStorage.setItem('portal.api', apiUrl);
    sessionStorage.setItem('portal.token', token);
    await startBoard(client, viewer);
  } catch (error) {
    await client.dispose();
    $('sign-in').hidden = false;
    $('board').hidden = true;
    $('sign-in-error').textContent =
      error instanceof UnauthenticatedError
        ? '令牌无效或已过期，请重新获取。'
        : `无法连接接口：${error instanceof Error ? error.message : String(error)}`;
  }
}

const params = new URLSearchParams(location.search);
const apiUrl =
  params.get('api') ??
  sessionStorage.getItem('portal.api') ??
  `${location.protocol}//${location.hostname}:4000/graphql`;
const hashToken = new URLSearchParams(location.hash.slice(1)).get('token');
if (hashToken) history.replaceState(null, '', location.pathname + location.search);
const token = hashToken ?? sessionStorage.getItem('portal.token');

$<HTMLInputElement>('api-url').value = apiUrl;
$<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  void signIn(String(form.get('api')), String(form.get('token')).trim());
});
window.addEventListener('resize', () => resizeCharts($('category-chart'), $('trend-chart')));

if (token) void signIn(apiUrl, token);
else $('sign-in').hidden = false;
