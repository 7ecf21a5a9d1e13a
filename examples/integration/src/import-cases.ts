import {
  graphql,
  isFailure,
  type MediationClient,
  ReportCaseMutation,
  unwrap,
  type VariablesOf,
  WithdrawCaseMutation,
} from '@mediation/sdk';
import { parse } from 'csv-parse/sync';

type ReportInput = VariablesOf<typeof ReportCaseMutation>['input'];

/** The CSV's columns (a header row with these names; extra columns are ignored). */
export const importColumns = [
  '标题',
  '纠纷事实',
  '纠纷类型',
  '来源',
  '网格编码',
  '申请人',
  '申请人电话',
  '申请人身份证号',
  '被申请人',
  '争议金额',
  '风险等级',
] as const;

const categories: Record<string, ReportInput['category']> = {
  婚姻家庭纠纷: 'MARRIAGE_FAMILY',
  邻里纠纷: 'NEIGHBORHOOD',
  物业纠纷: 'PROPERTY_MANAGEMENT',
  劳动争议: 'LABOR_WAGES',
  损害赔偿纠纷: 'TORT_DAMAGES',
  消费纠纷: 'CONSUMER',
  旅游纠纷: 'TOURISM',
  医疗纠纷: 'MEDICAL',
  合同纠纷: 'CONTRACT',
  房屋租赁纠纷: 'HOUSING_LEASE',
  债务纠纷: 'DEBT',
  土地草场纠纷: 'LAND_GRASSLAND',
  其他纠纷: 'OTHER',
};
const sources: Record<string, ReportInput['source']> = {
  网格排查: 'GRID_SCREENING',
  来访: 'WALK_IN',
  热线: 'HOTLINE',
  线上申请: 'ONLINE',
  信访移交: 'PETITION_REFERRAL',
  公安移交: 'POLICE_REFERRAL',
  法院委派: 'COURT_REFERRAL',
  其他: 'OTHER',
};
const risks: Record<string, NonNullable<ReportInput['riskLevel']>> = {
  低: 'LOW',
  中: 'MEDIUM',
  高: 'HIGH',
  重大: 'CRITICAL',
};

const GridByCodeQuery = graphql(`
  query ImportGridByCode($code: String!) {
    grids(first: 5, filter: { search: $code }) { nodes { id code } }
  }
`);

export interface RowProblem {
  /** 1-based line of the CSV file (the header is line 1). */
  line: number;
  issues: string[];
}

export interface ImportResult {
  imported: { line: number; number: string }[];
  rejected: RowProblem[];
  /** Cases of this run withdrawn again because a later row was refused by the server. */
  withdrawn: string[];
}

/** Mainland ID number (18 characters) with its ISO 7064 check character. */
function validIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return '10X98765432'[sum % 11] === value[17];
}

/**
 * 批量导入: checks every row first (required fields, the Chinese category/source/risk names, phone and
 * ID number formats, amount, the grid code against the API) and imports nothing when any row is bad,
 * reporting each bad row with its issues. Then reports the cases one by one; should the server still
 * refuse one (a rule this check does not know), the cases this run created are withdrawn again (撤回)
 * and the refusal is reported, so a corrected file can simply be imported again.
 */
export async function importCases(client: MediationClient, csv: string): Promise<ImportResult> {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
    string,
    string
  >[];
  const gridIds = new Map<string, string | null>();
  const inputs: { line: number; input: ReportInput }[] = [];
  const rejected: RowProblem[] = [];

  for (const [index, row] of records.entries()) {
    const line = index + 2;
    const issues: string[] = [];
    const cell = (name: (typeof importColumns)[number]) => (row[name] ?? '').trim();
    const title = cell('标题');
    const facts = cell('纠纷事实');
    if (title.length < 2 || title.length > 200) issues.push('标题: 应为 2–200 个字');
    if (facts.length < 5) issues.push('纠纷事实: 至少 5 个字');
    const category = categories[cell('纠纷类型')];
    if (!category) issues.push(`纠纷类型: “${cell('纠纷类型')}”不是已知类型（如 邻里纠纷、物业纠纷）`);
    const source = sources[cell('来源')];
    if (!source) issues.push(`来源: “${cell('来源')}”不是已知来源（如 网格排查、来访、热线）`);
    const riskText = cell('风险等级');
    const riskLevel = riskText ? risks[riskText] : undefined;
    if (riskText && !riskLevel) issues.push('风险等级: 应为 低、中、高 或 重大');
    const applicant = cell('申请人');
    if (!applicant) issues.push('申请人: 必填');
    const phone = cell('申请人电话').replace(/[\s-]/g, '');
    if (phone && !/^(\+?86)?1[3-9]\d{9}$/.test(phone)) issues.push('申请人电话: 不是有效的手机号码');
    const idNumber = cell('申请人身份证号').toUpperCase();
    if (idNumber && !validIdNumber(idNumber)) issues.push('申请人身份证号: 号码或校验位不正确');
    const amount = cell('争议金额').replace(/,/g, '');
    if (amount && !/^\d{1,12}(\.\d{1,2})?$/.test(amount))
      issues.push('争议金额: 应为以元计的金额，最多两位小数');
    const gridCode = cell('网格编码');
    if (!gridCode) issues.push('网格编码: 必填');
    else if (!gridIds.has(gridCode)) {
      const { grids } = await client.request(GridByCodeQuery, { code: gridCode });
      gridIds.set(gridCode, grids.nodes.find((grid) => grid?.code === gridCode)?.id ?? null);
    }
    if (gridCode && !gridIds.get(gridCode))
      issues.push(`网格编码: 找不到网格 ${gridCode}（或不在本密钥的辖区内）`);
    if (issues.length) {
      rejected.push({ line, issues });
      continue;
    }
    const respondent = cell('被申请人');
    inputs.push({
      line,
      input: {
        title,
        facts,
        category: category!,
        source: source!,
        gridId: gridIds.get(gridCode)!,
        riskLevel,
        amount: amount || undefined,
        parties: [
          { role: 'APPLICANT', name: applicant, phone: phone || undefined, idNumber: idNumber || undefined },
          ...(respondent ? [{ role: 'RESPONDENT' as const, name: respondent }] : []),
        ],
      },
    });
  }
  if (rejected.length) return { imported: [], rejected, withdrawn: [] };

  const created: { line: number; id: string; number: string; version: number }[] = [];
  for (const { line, input } of inputs) {
    const result = (await client.request(ReportCaseMutation, { input })).reportCase;
    if (isFailure(result)) {
      const issues =
        result.__typename === 'ValidationError'
          ? result.issues.map((issue) => `${issue.path}: ${issue.message}`)
          : [result.message];
      const withdrawn: string[] = [];
      for (const done of created) {
        const answer = await client.request(WithdrawCaseMutation, {
          id: done.id,
          input: { version: done.version, reason: `批量导入第 ${line} 行被拒，本批撤回` },
        });
        unwrap(answer.withdrawCase);
        withdrawn.push(done.number);
      }
      return { imported: [], rejected: [{ line, issues }], withdrawn };
    }
    created.push({ line, id: result.case.id, number: result.case.number, version: result.case.version });
  }
  return { imported: created.map(({ line, number }) => ({ line, number })), rejected: [], withdrawn: [] };
}
