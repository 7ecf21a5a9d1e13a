import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Starts the real server the way the README does (embedded database, demo data), twice on one data
 * directory: a cold start that migrates and seeds, and a warm restart after a clean SIGTERM.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'mediation-e2e-'));
const root = join(import.meta.dirname, '..', '..');
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/cli/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      SEED_DEMO: 'auto',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const code = await exited;
  running.delete(child);
  return code;
}

function tokenCommand(args: string[], port: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/cli/token.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: port, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`token exited ${code}: ${err}`)),
    ),
  );
}

const readmeQuery = `{ cases(first: 5) { totalCount edges { node { id number title status category grid { name } parties { name role } } } } }`;

describe('the start command', () => {
  it('starts cold with demo data and GraphiQL, answers the README query, and restarts warm', async () => {
    const cold = await start();
    const anonymous = await fetch(cold.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: readmeQuery }),
    });
    expect(anonymous.status).toBe(401);
    expect(
      ((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('UNAUTHENTICATED');

    // the banner's command, while the server runs
    const port = new URL(cold.url).port;
    const token = await tokenCommand(['--role', 'supervisor', '--region', '330106000000'], port);
    const response = await fetch(cold.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: readmeQuery }),
    });
    const body = (await response.json()) as { data: { cases: { totalCount: number; edges: unknown[] } } };
    // a supervisor of 西湖区 sees that district's cases: some, not all
    expect(body.data.cases.totalCount).toBeGreaterThan(50);
    expect(body.data.cases.totalCount).toBeLessThan(600);
    expect(body.data.cases.edges).toHaveLength(5);
    const graphiqlPage = await (await fetch(cold.url, { headers: { accept: 'text/html' } })).text();
    expect(graphiqlPage).toContain('Bearer ');

    const graphiql = await fetch(cold.url, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('<html');
    expect((await fetch(cold.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect((await fetch(cold.url.replace('/graphql', '/readyz'))).status).toBe(200);
    expect(cold.output()).toContain('demo data seeded');
    expect(cold.output()).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/); // no phone numbers in logs
    expect(await stop(cold.child)).toBe(0);

    const warm = await start();
    expect(warm.output()).not.toContain('demo data seeded');
    const again = await fetch(warm.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ cases { totalCount } }' }),
    });
    expect(((await again.json()) as typeof body).data.cases.totalCount).toBe(body.data.cases.totalCount);
    expect(await stop(warm.child)).toBe(0);
  });

  it('refuses to start with a bad configuration and says what to set', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/cli/start.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(output).toContain('PORT:');
  });
});
