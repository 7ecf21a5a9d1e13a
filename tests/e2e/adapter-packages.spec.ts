import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signStaffToken } from '@mediation/api';
import {
  type RunningGroupRobotSimulator,
  startGroupRobotSimulator,
} from '@mediation/example-group-robot/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedDatabase, type SharedDatabase } from '../support/shared-database.js';
import { eventually } from '../support/subscription-clients.js';
import { testJwtSecret } from '../support/test-api.js';

/**
 * A third-party adapter as a deployment adds one: the example package under examples/ is named in
 * the config and enabled there, nothing else; the real start command loads it, checks it against
 * the adapter contract and delivers through it. A package that breaks the contract stops the start.
 */
const root = join(import.meta.dirname, '..', '..');
const examplePackage = join(root, 'examples', 'group-robot-adapter');
const dingtalk = { accessToken: 'e2e-work-group', secret: 'SECe2e-group-robot-secret-0123456789' };
const work = mkdtempSync(join(tmpdir(), 'mediation-adapter-packages-'));
const running = new Set<ChildProcess>();
let shared: SharedDatabase;
let robot: RunningGroupRobotSimulator;

beforeAll(async () => {
  shared = await createSharedDatabase('packages');
  robot = await startGroupRobotSimulator({ dingtalk });
});
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await robot?.stop();
  await shared?.drop();
  rmSync(work, { recursive: true, force: true });
});

function start(config: Record<string, unknown>) {
  const file = join(work, `config-${running.size}.json`);
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/cli/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      CONFIG_FILE: file,
      DATABASE_URL: shared.url,
      SEED_DEMO: 'never',
      JWT_SECRET: testJwtSecret,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DEADLINE_SCAN_SECONDS: '0',
      DELIVERY_POLL_MS: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  // A start that is meant to fail is awaited through `exited`; its `ready` is not an unhandled error.
  ready.catch(() => {});
  return { child, ready, exited, output: () => output };
}

describe('third-party adapter packages', () => {
  it('loads the example package named in the config and posts an escalation through it', async () => {
    const server = start({
      adapterPackages: [examplePackage],
      adapters: {
        'group-robot': {
          enabled: true,
          platform: 'dingtalk',
          webhookUrl: robot.dingtalkUrl,
          secret: dingtalk.secret,
          events: ['ESCALATED'],
        },
      },
    });
    const url = await server.ready;
    expect(server.output()).toContain('adapter packages loaded');

    const token = await signStaffToken({ jwtSecret: testJwtSecret }, 'admin', { expiresIn: '10m' });
    const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data: any; errors?: unknown[] };
    };
    const listed = await graphql('{ adapters { id enabled outboundEvents } }');
    expect(listed.data.adapters).toContainEqual({
      id: 'group-robot',
      enabled: true,
      outboundEvents: ['ESCALATED', 'DEADLINE_OVERDUE', 'DEADLINE_DUE_SOON'],
    });

    const open = await graphql(
      '{ cases(first: 1, filter: { statuses: [IN_MEDIATION], minRisk: LOW }) { nodes { id number version riskLevel } } }',
    );
    const kase =
      open.data.cases.nodes.find((c: { riskLevel: string }) => c.riskLevel !== 'CRITICAL') ??
      open.data.cases.nodes[0];
    const changed = await graphql(
      `mutation($id: ID!, $version: Int!) { changeCaseRisk(id: $id, input: { version: $version, riskLevel: CRITICAL, reason: "当事人扬言报复，存在民转刑风险" }) { __typename } }`,
      { id: kase.id, version: kase.version },
    );
    expect(changed.data.changeCaseRisk.__typename).toBe('ChangeCaseRiskSuccess');

    // The escalation reaches the group, signed as DingTalk checks it, once.
    await eventually(() => robot.received.length, 1, 30_000);
    const body = robot.received[0]!.body as { markdown: { title: string; text: string } };
    expect(body.markdown.title).toBe(`【风险上报】${kase.number}`);
    expect(body.markdown.text).toContain('当事人扬言报复，存在民转刑风险');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('stops the start, naming the package, when an adapter breaks the contract', async () => {
    const broken = join(work, 'broken-adapter.mjs');
    writeFileSync(
      broken,
      `export default { id: 'wall-screen', kind: 'screen', displayName: '大屏', config: { safeParse() {}, shape: {} }, secrets: [], outbound: { events: ['CASE_SHOUTED'], deliver() {} } };\n`,
    );
    const missing = start({ adapterPackages: ['@acme/no-such-adapter'] });
    expect(await missing.exited).toBe(78);
    expect(missing.output()).toContain('adapter package @acme/no-such-adapter: cannot be found');

    const server = start({ adapterPackages: [broken] });
    expect(await server.exited).toBe(78);
    expect(server.output()).toContain(`adapter package ${broken}: adapter wall-screen`);
    expect(server.output()).toContain('CASE_SHOUTED');
  });
});
