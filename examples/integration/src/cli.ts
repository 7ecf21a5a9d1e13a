// 对接系统脚本. Needs an API key (an admin creates one with createApiKey; scopes cases:read and
// cases:write, registry:read for the grid lookup):
//   MEDIATION_API_KEY=… npx -y pnpm@12.4.2 --filter @mediation/example-integration import cases.csv
//   MEDIATION_API_KEY=… npx -y pnpm@12.4.2 --filter @mediation/example-integration export 330106000000
//   MEDIATION_API_KEY=… npx -y pnpm@12.4.2 --filter @mediation/example-integration forward https://partner.example/hook
// MEDIATION_URL defaults to http://localhost:4000/graphql.
import { readFile } from 'node:fs/promises';
import { createClient } from '@mediation/sdk';
import WebSocket from 'ws';
import { exportCases } from './export-cases.js';
import { forwardHighRiskFeed } from './forward-feed.js';
import { importCases } from './import-cases.js';

const [command, argument] = process.argv.slice(2);
const apiKey = process.env.MEDIATION_API_KEY;
if (!apiKey || !command || !argument) {
  console.error(
    'usage: MEDIATION_API_KEY=<key> cli.ts import <file.csv> | export <region code> | forward <partner url>',
  );
  process.exit(2);
}
const client = createClient({
  url: process.env.MEDIATION_URL ?? 'http://localhost:4000/graphql',
  auth: () => ({ apiKey }),
  webSocketImpl: WebSocket,
});

if (command === 'import') {
  const result = await importCases(client, await readFile(argument, 'utf8'));
  for (const { line, issues } of result.rejected) console.log(`第 ${line} 行：${issues.join('；')}`);
  for (const number of result.withdrawn) console.log(`已撤回 ${number}`);
  console.log(result.rejected.length ? '未导入任何案件。' : `已导入 ${result.imported.length} 件案件。`);
  process.exitCode = result.rejected.length ? 1 : 0;
} else if (command === 'export') {
  const rows = await exportCases(client, argument, {
    xlsx: `overdue-high-risk-${argument}.xlsx`,
    csv: `overdue-high-risk-${argument}.csv`,
  });
  console.log(`已导出 ${rows.length} 件超期或高风险案件。`);
} else if (command === 'forward') {
  const forwarding = forwardHighRiskFeed(client, {
    partnerUrl: argument,
    onDelivered: (event, attempts) =>
      console.log(`已转发 ${event.case.number} ${event.type}（第 ${attempts} 次）`),
    onGiveUp: (event, error) => console.error(`放弃转发 ${event.case.number}: ${String(error)}`),
  });
  process.once('SIGINT', () => void forwarding.stop());
  await forwarding.done;
}
await client.dispose();
