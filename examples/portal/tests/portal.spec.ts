import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from '@mediation/core';
import {
  CaseBoardQuery,
  ChangeCaseRiskMutation,
  createClient,
  type MediationClient,
  ReportCaseMutation,
  unwrap,
  WeeklyReportQuery,
  labels as words,
} from '@mediation/sdk';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../tests/support/sdk-server.js';
import { openTestDatabase } from '../../../tests/support/test-database.js';

/**
 * The portal, built with Vite as an integrator would, in headless Chromium against the real server:
 * the board shows the demo data, a case reported through the API appears at once, and the charts
 * hold the API's numbers (read back from the ECharts instances, not from pixels).
 */
const portalRoot = join(import.meta.dirname, '..');
const repoRoot = join(portalRoot, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'mediation-portal-'));
const wallClock = () => performance.timeOrigin + performance.now();
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

let db: Database;
let api: RunningServer;
let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;
let admin: MediationClient;
let supervisorToken: string;
let region: { id: number; code: string; name: string; path: string };
let gridId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await startServer(db);
  admin = createClient({ url: api.url, auth: async () => ({ token: await api.tokenFor('admin') }) });
  const supervisor = await db.prisma.user.findFirstOrThrow({
    where: { role: 'SUPERVISOR', region: { level: 'COUNTY' } },
    select: { username: true, region: { select: { id: true, code: true, name: true, path: true } } },
    orderBy: { id: 'asc' },
  });
  region = supervisor.region!;
  supervisorToken = await api.tokenFor(supervisor.username);
  const grid = await db.prisma.grid.findFirstOrThrow({
    where: { region: { path: { startsWith: region.path } } },
    select: { id: true },
  });
  gridId = globalId('Grid', grid.id);

  // the SDK as its package exports it (dist), then the portal bundled against it
  execFileSync(process.execPath, [join(repoRoot, 'packages', 'sdk', 'scripts', 'build.mjs')], {
    stdio: 'pipe',
  });
  await build({ root: portalRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  site = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
    };
    response.writeHead(200, {
      'content-type': `${types[extname(file)] ?? 'application/octet-stream'}; charset=utf-8`,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/index.html`;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.push(`page error: ${error.message}`));
  await page.goto(`${siteUrl}?api=${encodeURIComponent(api.url)}#token=${supervisorToken}`);
  await page
    .waitForFunction(() => document.getElementById('live-state')?.classList.contains('on'), null, {
      timeout: 30_000,
    })
    .catch(async (error) => {
      const shown = await page.textContent('#sign-in-error').catch(() => '');
      throw new Error(`the board did not go live: ${shown}\n${console.join('\n')}\n${error}`);
    });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await admin?.dispose();
  await api?.stop();
  await db?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** Monday of the week `weeksAgo` back, China time (as the portal computes it). */
function weekStart(weeksAgo: number, now = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  china.setUTCDate(china.getUTCDate() - ((china.getUTCDay() + 6) % 7) - 7 * weeksAgo);
  return china.toISOString().slice(0, 10);
}

const chartOption = (testId: string) =>
  page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
    const charts = (globalThis as any).portalCharts;
    return JSON.parse(JSON.stringify(charts.getInstanceByDom(el).getOption()));
  }, testId);

describe('the portal board', () => {
  it("shows the supervisor's district: totals, status counts, warnings and the demo cases", async () => {
    expect(await page.textContent('#who')).toContain(region.name);
    const regionId = globalId('Region', region.id);
    const all = await admin.request(CaseBoardQuery, { first: 1, filter: { regionId } });
    expect(Number(await page.textContent('[data-testid=total]'))).toBe(all.cases.totalCount);
    const inMediation = await admin.request(CaseBoardQuery, {
      first: 1,
      filter: { regionId, statuses: ['IN_MEDIATION'] },
    });
    expect(await page.textContent('[data-status=IN_MEDIATION] b')).toBe(String(inMediation.cases.totalCount));
    expect(await page.textContent('[data-status=IN_MEDIATION]')).toContain('调解中');

    expect(await page.locator('[data-testid=cases] li').count()).toBe(30);
    const warnings = await page.locator('[data-testid=warnings] li .tag:first-child').allTextContents();
    expect(warnings.length).toBeGreaterThan(0);
    for (const label of warnings) expect([words.RiskLevel.HIGH, words.RiskLevel.CRITICAL]).toContain(label);
  });

  it('draws the API numbers: cases by category and the weekly trend', async () => {
    const regionId = globalId('Region', region.id);
    const category = await chartOption('category-chart');
    const neighborhood = await admin.request(CaseBoardQuery, {
      first: 1,
      filter: { regionId, categories: ['NEIGHBORHOOD'] },
    });
    const labels: string[] = category.yAxis[0].data;
    expect(category.series[0].data[labels.indexOf('邻里纠纷')]).toBe(neighborhood.cases.totalCount);
    expect(labels).toHaveLength(13);

    const trend = await chartOption('trend-chart');
    // the portal's eight weeks end with the week of the newest report in its region
    const newest = await admin.request(CaseBoardQuery, {
      first: 1,
      filter: { regionId },
      orderBy: { field: 'REPORTED_AT', direction: 'DESC' },
    });
    const until = new Date(newest.cases.nodes[0]!.reportedAt);
    const weeks = [7, 6, 5, 4, 3, 2, 1, 0].map((ago) => weekStart(ago, until));
    const reports = await Promise.all(
      weeks.map((start) => admin.request(WeeklyReportQuery, { regionId, weekStart: start })),
    );
    expect(trend.xAxis[0].data).toEqual(weeks.map((w) => `${w.slice(5).replace('-', '月')}日`));
    expect(trend.series[0].data).toEqual(reports.map((r) => r.weeklyReport.newCases));
    expect(trend.series[1].data).toEqual(reports.map((r) => r.weeklyReport.resolved));
    expect(reports.some((r) => r.weeklyReport.newCases > 0)).toBe(true);
  });

  it('shows a case reported through the API within a second, and a case raised to HIGH among the warnings', async () => {
    // the instant the server publishes the committed event (right after the commit, in-process)
    const published = api.app.caseEvents.subscribe(() => true);
    const publishedAt = published.next().then(() => wallClock());
    const sentAt = wallClock();
    const reported = unwrap(
      (
        await admin.request(ReportCaseMutation, {
          input: {
            title: '菜市场摊位费纠纷',
            facts: '摊主与市场管理方就摊位费上涨发生争执，多名摊主聚集，情绪激动。',
            category: 'CONTRACT',
            source: 'GRID_SCREENING',
            gridId,
            parties: [{ role: 'APPLICANT', name: '钱师傅' }],
          },
        })
      ).reportCase,
    );
    const answeredAt = wallClock();
    const committedAt = await publishedAt;
    await published.return();
    const { number, id, version } = reported.case;
    const row = page.locator(`[data-testid=cases] li[data-number="${number}"]`);
    await row.waitFor({ timeout: 10_000 });
    // the portal stamps each live row with the page's wall clock (same machine as ours)
    const shownAt = Number(await row.getAttribute('data-shown-at'));
    const latencyMs = shownAt - committedAt;
    console.log(
      `commit → portal DOM: ${latencyMs.toFixed(0)} ms (mutation sent → DOM ${(shownAt - sentAt).toFixed(0)} ms, answer received → DOM ${(shownAt - answeredAt).toFixed(0)} ms)`,
    );
    expect(latencyMs).toBeLessThan(1000);
    expect(await page.textContent(`[data-testid=cases] li[data-number="${number}"]`)).toContain(
      words.CaseEventType.REPORTED,
    );

    unwrap(
      (
        await admin.request(ChangeCaseRiskMutation, {
          id,
          input: { version, riskLevel: 'HIGH', reason: '多名摊主聚集，有群体性风险' },
        })
      ).changeCaseRisk,
    );
    const warning = page.locator(`[data-testid=warnings] li[data-number="${number}"]`);
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.textContent()).toContain(words.RiskLevel.HIGH);

    // the counts follow (refetched at most once a second)
    const total = await admin.request(CaseBoardQuery, {
      first: 1,
      filter: { regionId: globalId('Region', region.id) },
    });
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid=total]')?.textContent === String(expected),
      total.cases.totalCount,
      { timeout: 10_000 },
    );
    if (process.env.PORTAL_SCREENSHOT)
      await page.screenshot({ path: process.env.PORTAL_SCREENSHOT, fullPage: true });
  });
});
