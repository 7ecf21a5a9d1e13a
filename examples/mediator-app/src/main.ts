// The mediator's day on the phone, as a script:
//   MEDIATION_TOKEN=$(npx -y pnpm@12.4.2 -s run token --role mediator) npx -y pnpm@12.4.2 --filter @mediation/example-mediator-app start
// MEDIATION_URL defaults to http://localhost:4000/graphql; WATCH=1 keeps listening for deadline alerts.
import WebSocket from 'ws';
import { MediatorApp } from './mediator-app.js';

const url = process.env.MEDIATION_URL ?? 'http://localhost:4000/graphql';
const token = process.env.MEDIATION_TOKEN;
if (!token) {
  console.error('Set MEDIATION_TOKEN to a mediator token: npx -y pnpm@12.4.2 -s run token --role mediator');
  process.exit(2);
}

const app = await MediatorApp.signIn({ url, token, webSocketImpl: WebSocket });
console.log(`您好，${app.viewer.name}（${app.viewer.mediator?.organization.name}）`);

const alerts = app.deadlineAlerts();
void (async () => {
  for await (const { deadlineAlerts: alert } of alerts) {
    const what = alert.type === 'DEADLINE_OVERDUE' ? '已超期' : '即将到期';
    console.log(`【到期提醒】${alert.case.number} ${alert.case.title}：${what}`);
  }
})();

const cases = await app.openCases();
console.log(`我的在办案件 ${cases.length} 件：`);
for (const item of cases.slice(0, 10)) {
  console.log(`  ${item.number}  ${item.title}  期限 ${item.resolveDeadline?.slice(0, 10) ?? '—'}`);
}

const next = cases.find((c) => c.status === 'IN_MEDIATION' || c.status === 'ASSIGNED');
if (next) {
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  tomorrow.setUTCHours(2, 0, 0, 0); // 10:00 China time
  const scheduled = await app.scheduleVideoSession(
    next,
    tomorrow,
    'https://meeting.example.gov.cn/room/8842',
  );
  console.log(`已安排视频调解（键对键）：${scheduled.number}，${tomorrow.toISOString()}`);
  const resolved = await app.recordAgreement(
    scheduled,
    '双方同意：被申请人于十五日内支付维修费用二千元，申请人不再追究其他责任。',
    '2000.00',
  );
  console.log(`已记录调解协议：${resolved.number} → ${resolved.status}`);
} else {
  console.log('暂无可安排调解的案件。');
}

if (!process.env.WATCH) {
  await alerts.close();
  await app.close();
}
