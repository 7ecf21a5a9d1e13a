import { writeFile } from 'node:fs/promises';
import { CaseBoardQuery, graphql, type MediationClient, type ResultOf } from '@mediation/sdk';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

type ExportCase = NonNullable<ResultOf<typeof CaseBoardQuery>['cases']['nodes'][number]>;

const RegionByCodeQuery = graphql(`
  query ExportRegion($code: String!) { region(code: $code) { id name } }
`);

const statusNames: Record<string, string> = {
  REPORTED: '登记',
  ACCEPTED: '受理',
  ASSIGNED: '已指派',
  IN_MEDIATION: '调解中',
};
const riskNames: Record<string, string> = { LOW: '低', MEDIUM: '中', HIGH: '高', CRITICAL: '重大' };

/** China time, "2026-11-23 10:00". */
const chinaTime = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

export const exportColumns = [
  { header: '案件编号', key: 'number', width: 22 },
  { header: '标题', key: 'title', width: 36 },
  { header: '状态', key: 'status', width: 10 },
  { header: '风险等级', key: 'risk', width: 10 },
  { header: '是否超期', key: 'overdue', width: 10 },
  { header: '网格', key: 'grid', width: 24 },
  { header: '主办调解员', key: 'mediator', width: 12 },
  { header: '登记时间', key: 'reportedAt', width: 18 },
  { header: '办结期限', key: 'resolveDeadline', width: 18 },
] as const;

export type ExportRow = Record<(typeof exportColumns)[number]['key'], string>;

/**
 * 导出: the open cases of a region (by its 12-digit code) that are overdue or at HIGH/CRITICAL risk,
 * most urgent deadline first, to an xlsx workbook (exceljs) and a CSV file (UTF-8 with BOM, so Excel
 * shows the Chinese). Answers the rows written.
 */
export async function exportCases(
  client: MediationClient,
  regionCode: string,
  files: { xlsx: string; csv: string },
): Promise<ExportRow[]> {
  const { region } = await client.request(RegionByCodeQuery, { code: regionCode });
  if (!region) throw new Error(`no region ${regionCode} (or it is outside this key's region)`);
  const statuses = ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_MEDIATION'] as const;
  const byId = new Map<string, ExportCase>();
  const orderBy = { field: 'RESOLVE_DEADLINE', direction: 'ASC' } as const;
  for (const filter of [
    { regionId: region.id, statuses: [...statuses], overdue: true },
    { regionId: region.id, statuses: [...statuses], minRisk: 'HIGH' as const },
  ]) {
    for await (const item of client.paginate(
      CaseBoardQuery,
      { first: 100, filter, orderBy },
      (d) => d.cases,
    )) {
      byId.set(item.id, item);
    }
  }
  const rows: ExportRow[] = [...byId.values()]
    .sort((a, b) => (a.resolveDeadline ?? '9999').localeCompare(b.resolveDeadline ?? '9999'))
    .map((c) => ({
      number: c.number,
      title: c.title,
      status: statusNames[c.status] ?? c.status,
      risk: riskNames[c.riskLevel] ?? c.riskLevel,
      overdue: c.overdue ? '是' : '否',
      grid: c.grid?.name ?? '',
      mediator: c.leadMediator?.name ?? '',
      reportedAt: chinaTime(c.reportedAt),
      resolveDeadline: chinaTime(c.resolveDeadline),
    }));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = '人民调解平台对接示例';
  const sheet = workbook.addWorksheet(`${region.name}超期与高风险案件`.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = exportColumns.map((column) => ({ ...column }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRows(rows);
  await workbook.xlsx.writeFile(files.xlsx);

  const csv = stringify(rows, {
    header: true,
    columns: exportColumns.map(({ key, header }) => ({ key, header })),
    bom: true,
  });
  await writeFile(files.csv, csv);
  return rows;
}
