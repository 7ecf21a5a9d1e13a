import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@mediation/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../support/sdk-server.js';
import { openTestDatabase } from '../support/test-database.js';

/**
 * The SDK as a third party gets it: `npm pack`ed, installed from the tarball with npm into a fresh
 * project outside the workspace, type-checked there with plain tsc (no code generation), and run
 * against the real server over HTTP and graphql-ws.
 */
const root = join(import.meta.dirname, '..', '..');
const sdkRoot = join(root, 'packages', 'sdk');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'mediation-sdk-consumer-'));

let db: Database;
let server: RunningServer;

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startServer(db);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await db?.close();
  rmSync(project, { recursive: true, force: true });
});

const consumerTs = `import { CaseBoardQuery, createClient, graphql, isFailure, ReportCaseMutation, type ResultOf } from '@mediation/sdk';

const client = createClient({ url: 'http://localhost:4000/graphql', auth: () => ({ token: 'dev' }) });
export async function board(): Promise<string[]> {
  const { cases } = await client.request(CaseBoardQuery, { first: 5, filter: { minRisk: 'HIGH' } });
  // @ts-expect-error: a variable of the wrong type fails the consumer's type check
  await client.request(CaseBoardQuery, { first: 'five' });
  const Mine = graphql('query Mine { viewer { name role } }');
  const mine: ResultOf<typeof Mine> = await client.request(Mine);
  // @ts-expect-error: not a UserRole
  const role: typeof mine.viewer.role = 'KING';
  const result = (await client.request(ReportCaseMutation, {
    input: { title: 't', facts: 'f', category: 'OTHER', source: 'ONLINE', parties: [] },
  })).reportCase;
  if (isFailure(result)) return [result.code];
  void role;
  return cases.nodes.map((c) => c?.number ?? '');
}
`;

const consumerMjs = `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CaseFeedSubscription, createClient, ViewerQuery } from '@mediation/sdk';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(require.resolve('@mediation/sdk/persisted-operations.json'), 'utf8'));
const client = createClient({ url: process.env.URL, auth: () => ({ token: process.env.TOKEN }), webSocketImpl: WebSocket });
const { viewer } = await client.request(ViewerQuery);
const feed = client.subscribe(CaseFeedSubscription, {});
console.log(JSON.stringify({ ready: true }));
const { value } = await feed.next();
console.log(JSON.stringify({ viewer: viewer.username, event: value.caseFeed.type, title: value.caseFeed.case.title, operations: Object.keys(manifest).length }));
await client.dispose();
`;

describe('the packed SDK in a project outside the workspace', () => {
  it('installs from the tarball, type-checks an app without code generation, and talks to the server', async () => {
    execFileSync('npm', ['pack', '--pack-destination', project, '--loglevel=error'], {
      cwd: sdkRoot,
      stdio: 'pipe',
    });
    const tarball = readdirSync(project).find((file) => file.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^mediation-sdk-\d+\.\d+\.\d+\.tgz$/);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: { '@mediation/sdk': `file:./${tarball}`, ws: '8.23.0' },
      }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: project,
      stdio: 'pipe',
    });
    const installed = join(project, 'node_modules', '@mediation', 'sdk', 'dist');
    expect(existsSync(join(installed, 'graphql-env.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'persisted-operations.json'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', '@mediation', 'sdk', 'src'))).toBe(false);

    writeFileSync(join(project, 'app.ts'), consumerTs);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          types: [],
          skipLibCheck: false,
        },
        files: ['app.ts'],
      }),
    );
    // plain tsc: every @ts-expect-error must be an error, and nothing else may be
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, stdio: 'pipe' });

    writeFileSync(join(project, 'run.mjs'), consumerMjs);
    const child = spawn(process.execPath, ['run.mjs'], {
      cwd: project,
      env: { ...process.env, URL: server.url, TOKEN: await server.tokenFor('admin') },
    });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        lines.push(...chunk.toString().trim().split('\n'));
        if (lines.some((line) => line.includes('"ready"'))) resolve();
      }),
    );
    await Promise.race([ready, exited.then(() => Promise.reject(new Error(`consumer exited: ${stderr}`)))]);
    while (server.app.activeSubscriptions() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const grid = await db.prisma.grid.findFirstOrThrow({ select: { id: true } });
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await server.tokenFor('admin')}`,
      },
      body: JSON.stringify({
        query: 'mutation($input: ReportCaseInput!) { reportCase(input: $input) { __typename } }',
        variables: {
          input: {
            title: '第三方应用登记的纠纷',
            facts: '通过第三方应用登记的一起消费纠纷。',
            category: 'CONSUMER',
            source: 'ONLINE',
            gridId: Buffer.from(`Grid:${grid.id}`).toString('base64'),
            parties: [{ role: 'APPLICANT', name: '冯女士' }],
          },
        },
      }),
    });
    expect(((await answer.json()) as any).data.reportCase.__typename).toBe('ReportCaseSuccess');
    expect(await exited).toBe(0);
    const result = JSON.parse(lines.at(-1)!);
    expect(result).toMatchObject({ viewer: 'admin', event: 'REPORTED', title: '第三方应用登记的纠纷' });
    expect(result.operations).toBeGreaterThanOrEqual(25);
  }, 400_000);
});
