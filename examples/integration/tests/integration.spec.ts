import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey, type Database, systemActor } from '@mediation/core';
import {
  CaseBoardQuery,
  ChangeCaseRiskMutation,
  createClient,
  type MediationClient,
  ReportCaseMutation,
  unwrap,
} from '@mediation/sdk';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../../tests/support/sdk-server.js';
import { openTestDatabase } from '../../../tests/support/test-database.js';
import { exportCases } from '../src/export-cases.js';
import { type FeedEvent, forwardHighRiskFeed } from '../src/forward-feed.js';
import { importCases } from '../src/import-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'mediation-integration-'));
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
let db: Database;
let server: RunningServer;
let integration: MediationClient;
let admin: MediationClient;
let county: { id: number; code: string; path: string };
let gridCode: string;
let gridId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startServer(db);
  county = await db.prisma.region.findFirstOrThrow({
    where: { level: 'COUNTY' },
    orderBy: { id: 'asc' },
    select: { id: true, code: true, path: true },
  });
  const grid = await db.prisma.grid.findFirstOrThrow({
    where: { region: { path: { startsWith: county.path } } },
    orderBy: { id: 'asc' },
    select: { id: true, code: true },
  });
  gridCode = grid.code;
  gridId = globalId('Grid', grid.id);
  const { key } = await createApiKey(db.prisma, systemActor('test-setup'), {
    name: '综治中心对接',
    scopes: ['cases:read', 'cases:write', 'registry:read'],
    regionId: county.id,
  });
  integration = createClient({ url: server.url, auth: () => ({ apiKey: key }), webSocketImpl: WebSocket });
  const token = await server.tokenFor('admin');
  admin = createClient({ url: server.url, auth: () => ({ token }) });
});

afterAll(async () => {
  await integration?.dispose();
  await admin?.dispose();
  await server?.stop();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const header =
  '标题,纠纷事实,纠纷类型,来源,网格编码,申请人,申请人电话,申请人身份证号,被申请人,争议金额,风险等级';
const good = (title: string) =>
  `${title},楼上住户装修噪音扰民，多次协商未果。,邻里纠纷,网格排查,${gridCode},周女士,13912345678,,吴先生,1500.00,中`;

describe('bulk CSV import', () => {
  it('reports every bad row with its issues and imports nothing', async () => {
    const before = await db.prisma.case.count();
    const csv = [
      header,
      good('导入测试甲'),
      `导入测试乙,事实太短,邻里,网格排查,${gridCode},周女士,12345,110101199003071234,,一千,高`,
      good('导入测试丙'),
      `导入测试丁,楼道堆放杂物引发矛盾，双方互不相让。,物业纠纷,来访,999999999999-99,,,,,,`,
    ].join('\n');
    const result = await importCases(integration, csv);
    expect(result.imported).toEqual([]);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 5]);
    const [second, fourth] = result.rejected;
    expect(second!.issues.map((issue) => issue.split(':')[0])).toEqual([
      '纠纷事实',
      '纠纷类型',
      '申请人电话',
      '申请人身份证号',
      '争议金额',
    ]);
    expect(fourth!.issues.some((issue) => issue.startsWith('网格编码'))).toBe(true);
    expect(fourth!.issues.some((issue) => issue.startsWith('申请人'))).toBe(true);
    expect(await db.prisma.case.count()).toBe(before);
  });

  it('imports a clean file, every row a case', async () => {
    const result = await importCases(
      integration,
      [header, good('导入测试一'), good('导入测试二')].join('\n'),
    );
    expect(result.rejected).toEqual([]);
    expect(result.imported.map((r) => r.line)).toEqual([2, 3]);
    const stored = await db.prisma.case.findMany({
      where: { title: { in: ['导入测试一', '导入测试二'] } },
      select: { number: true, amount: true, riskLevel: true, parties: { select: { role: true } } },
      orderBy: { id: 'asc' },
    });
    expect(stored.map((c) => c.number)).toEqual(result.imported.map((r) => r.number));
    expect(stored[0]!.riskLevel).toBe('MEDIUM');
    expect(stored[0]!.parties.map((p) => p.role).sort()).toEqual(['APPLICANT', 'RESPONDENT']);
  });

  it('withdraws what it created when the server refuses a later row, so nothing stays half-imported', async () => {
    // a right-to-left override in a title: the server refuses it (text that reads unlike what it says)
    const result = await importCases(
      integration,
      [header, good('导入测试回滚'), good('导入\u202e测试')].join('\n'),
    );
    expect(result.imported).toEqual([]);
    expect(result.rejected[0]!.line).toBe(3);
    expect(result.withdrawn).toHaveLength(1);
    const first = await db.prisma.case.findFirstOrThrow({
      where: { title: '导入测试回滚' },
      select: { status: true },
    });
    expect(first.status).toBe('WITHDRAWN');
  });
});

describe('export of overdue and high-risk cases', () => {
  it('writes the same cases to xlsx and CSV as the API counts', async () => {
    const files = { xlsx: join(dir, 'export.xlsx'), csv: join(dir, 'export.csv') };
    const rows = await exportCases(integration, county.code, files);
    const regionId = globalId('Region', county.id);
    const statuses = ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] as const;
    const count = async (filter: Record<string, unknown>) =>
      (
        await admin.request(CaseBoardQuery, {
          first: 1,
          filter: { regionId, statuses: [...statuses], ...filter },
        })
      ).cases.totalCount;
    const expected =
      (await count({ overdue: true })) +
      (await count({ minRisk: 'HIGH' })) -
      (await count({ overdue: true, minRisk: 'HIGH' }));
    expect(rows).toHaveLength(expected);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.overdue === '是' || ['高', '重大'].includes(row.risk)).toBe(true);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(files.xlsx);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('案件编号');
    const numbers: string[] = [];
    sheet.eachRow((row, index) => index > 1 && numbers.push(String(row.getCell(1).value)));
    expect(numbers).toEqual(rows.map((r) => r.number));

    const csvText = readFileSync(files.csv, 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    const parsed = parse(csvText, { columns: true, bom: true }) as Record<string, string>[];
    expect(parsed.map((r) => r.案件编号)).toEqual(numbers);
    expect(parsed[0]!.标题).toBe(rows[0]!.title);
  });
});

describe('forwarding the high-risk feed to a partner', () => {
  let partner: Server;
  let partnerUrl: string;
  const attemptsByKey = new Map<string, number>();
  const accepted: { key: string; body: any }[] = [];

  beforeAll(async () => {
    // a partner that fails twice with 503 before it takes an event
    partner = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const key = String(request.headers['idempotency-key']);
        const attempts = (attemptsByKey.get(key) ?? 0) + 1;
        attemptsByKey.set(key, attempts);
        if (attempts < 3) {
          response.writeHead(503).end();
          return;
        }
        if (!accepted.some((a) => a.key === key)) accepted.push({ key, body: JSON.parse(body) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((resolve) => partner.close(resolve)));

  it('delivers each high-risk event once, after retries, and nothing of lower risk', async () => {
    const delivered: { event: FeedEvent; attempts: number }[] = [];
    const before = server.app.activeSubscriptions();
    const forwarding = forwardHighRiskFeed(integration, {
      partnerUrl,
      initialDelayMs: 20,
      onDelivered: (event, attempts) => delivered.push({ event, attempts }),
    });
    await waitUntil(() => server.app.activeSubscriptions() > before);
    const low = unwrap(
      (
        await admin.request(ReportCaseMutation, {
          input: {
            title: '宠物扰民纠纷',
            facts: '邻居饲养的犬只夜间吠叫，影响休息，协商未果。',
            category: 'NEIGHBORHOOD',
            source: 'WALK_IN',
            gridId,
            riskLevel: 'LOW',
            parties: [{ role: 'APPLICANT', name: '郑女士' }],
          },
        })
      ).reportCase,
    );
    unwrap(
      (
        await admin.request(ChangeCaseRiskMutation, {
          id: low.case.id,
          input: {
            version: low.case.version,
            riskLevel: 'HIGH',
            reason: '双方多次发生肢体冲突，有民转刑风险',
          },
        })
      ).changeCaseRisk,
    );
    await waitUntil(() => delivered.length > 0);
    await forwarding.stop();
    expect(delivered[0]!.attempts).toBe(3);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.body.case.number).toBe(low.case.number);
    expect(accepted[0]!.body.case.riskLevel).toBe('HIGH');
    expect(attemptsByKey.get(accepted[0]!.key)).toBe(3);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
