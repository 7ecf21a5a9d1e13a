import type { OutboxPayload } from '@mediation/adapters';
import { chinaMonthDayTime, label } from '@mediation/core';
import type { GroupRobotConfig } from './group-robot.config.js';

/** The title and Markdown text a group sees for one event, in Chinese. */
export function groupMessage(
  payload: OutboxPayload,
  config: GroupRobotConfig,
): { title: string; text: string } {
  const data = payload.data as { riskLevel?: string; kind?: string; deadline?: string };
  const number = payload.case.number;
  const risk = label('RiskLevel', data.riskLevel ?? payload.case.riskLevel);
  const lines: string[] = [];
  let title: string;
  if (payload.type === 'ESCALATED') {
    title = `【风险上报】${number}`;
    lines.push(`### 矛盾纠纷风险上报`, `- 案件编号：${number}`, `- 风险等级：**${risk}**`);
    if (payload.reason) lines.push(`- 上报理由：${payload.reason}`);
    lines.push('', '请及时报告、及时处置、及时稳控。');
  } else {
    const kind = data.kind ? label('DeadlineKind', data.kind) : '办理';
    const overdue = payload.type === 'DEADLINE_OVERDUE';
    title = `【${overdue ? '超期' : '即将到期'}】${number}`;
    lines.push(
      `### 案件${kind}期限${overdue ? '已超期' : '即将到期'}`,
      `- 案件编号：${number}`,
      `- 期限：${kind}，${chinaMonthDayTime(data.deadline ?? payload.occurredAt)}`,
      `- 当前状态：${label('CaseStatus', payload.case.status)}`,
      `- 风险等级：${risk}`,
    );
  }
  lines.push(`- 时间：${chinaMonthDayTime(payload.occurredAt)}`);
  if (config.portalUrl) {
    const link = new URL(config.portalUrl);
    link.searchParams.set('number', number);
    lines.push('', `[查看案件](${link.toString()})`);
  }
  if (config.mentionMobiles.length && config.platform === 'dingtalk') {
    // DingTalk notifies the people @-mentioned in the text itself.
    lines.push('', config.mentionMobiles.map((mobile) => `@${mobile}`).join(' '));
  }
  return { title, text: lines.join('\n') };
}
