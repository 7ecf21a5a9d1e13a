import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * One owner per embedded data directory, tried as a user does: the server on a non-default port,
 * the README's token command (no PORT) and `db:seed` beside it, a second server on the same
 * directory, restarts after SIGTERM and after kill -9. Nothing written is lost, the data directory
 * is never opened by two processes.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'mediation-owner-'));
const root = join(import.meta.dirname, '..', '..');
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** The environment of a user in a shell: embedded database, the given data directory, no PORT. */
const userEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['PORT', 'HOST', 'DATABASE_URL', 'CONFIG_FILE', 'JWT_SECRET', 'NODE_ENV'])
    delete env[name];
  return env;
};

/** A free TCP port other than the default 4000. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function run(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; exited: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve({ code, out, err });
    }),
  );
  return { child, exited };
}

async function startServer(
  port: number,
): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const { child, exited } = run('packages/api/src/cli/start.ts', [], { ...userEnv(), PORT: String(port) });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, url, exited };
}

async function stopServer(server: { child: ChildProcess; exited: Promise<unknown> }, signal: NodeJS.Signals) {
  server.child.kill(signal);
  await server.exited;
}

/** The README's token command: `pnpm run token …` runs this script, with no PORT. */
async function token(args: string[]): Promise<string> {
  const { code, out, err } = await run('packages/api/src/cli/token.ts', args, userEnv()).exited;
  if (code !== 0) throw new Error(`token exited ${code}: ${err}`);
  return out.trim();
}

async function graphql(url: string, bearer: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

const reportCase = `mutation($input: ReportCaseInput!) { reportCase(input: $input) {
  __typename ... on ReportCaseSuccess { case { number } } } }`;

async function report(url: string, bearer: string, title: string): Promise<string> {
  const { data } = await graphql(url, bearer, '{ grids(first: 1) { nodes { id } } }');
  const body = await graphql(url, bearer, reportCase, {
    input: {
      title,
      facts: '楼上住户卫生间漏水，导致楼下天花板受损，双方就维修费用协商未果。',
      category: 'NEIGHBORHOOD',
      source: 'WALK_IN',
      gridId: data.grids.nodes[0].id,
      parties: [{ role: 'APPLICANT', name: '王建国' }],
    },
  });
  expect(body.data?.reportCase.__typename).toBe('ReportCaseSuccess');
  return body.data.reportCase.case.number;
}

async function titlesPresent(url: string, bearer: string, titles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const title of titles) {
    const body = await graphql(
      url,
      bearer,
      'query($text: String) { cases(first: 5, filter: { search: $text }) { nodes { title } } }',
      {
        text: title,
      },
    );
    if (body.data?.cases.nodes.some((node: { title: string }) => node.title === title)) found.push(title);
  }
  return found;
}

describe('one owner per embedded data directory', () => {
  it('serves on its own port while the token command and db:seed run beside it; a second server is refused; nothing is lost across restarts and kill -9', async () => {
    const port = await freePort();
    const first = await startServer(port);
    expect(new URL(first.url).port).toBe(String(port));
    const lock = JSON.parse(readFileSync(join(dataDir, 'owner.lock'), 'utf8'));
    expect(lock).toMatchObject({
      pid: first.child.pid,
      command: 'server',
      url: `http://127.0.0.1:${port}/graphql`,
    });

    // the README's command, without PORT: it finds the server through the data directory
    const started = performance.now();
    const supervisor = await token(['--role', 'supervisor', '--region', '330106000000']);
    const tokenMs = performance.now() - started;
    console.info(`token command beside the running server: ${Math.round(tokenMs)} ms`);
    const admin = await token(['--role', 'admin']);
    const titles = ['归属测试-启动后写入'];
    await report(first.url, admin, titles[0]!);
    const seen = await graphql(first.url, supervisor, '{ cases(first: 1) { totalCount } }');
    expect(seen.data.cases.totalCount).toBeGreaterThan(0);

    // db:seed beside it: refused at once, the data untouched
    const seed = await run('packages/core/src/cli/seed.ts', [], userEnv()).exited;
    expect(seed.code).toBe(75);
    expect(seed.err).toContain('in use by another process (server');
    // db:migrate too
    const migrate = await run('packages/core/src/cli/migrate.ts', [], userEnv()).exited;
    expect(migrate.code).toBe(75);

    // a second server on the same directory: refused at once, naming the holder
    const second = await run('packages/api/src/cli/start.ts', [], {
      ...userEnv(),
      PORT: String(await freePort()),
    }).exited;
    expect(second.code).toBe(75);
    expect(second.err).toContain(`pid ${first.child.pid}`);
    expect(second.err).toContain(`serving http://127.0.0.1:${port}/graphql`);

    titles.push('归属测试-拒绝之后写入');
    await report(first.url, admin, titles[1]!);
    expect(await titlesPresent(first.url, admin, titles)).toEqual(titles);

    // a clean stop gives the directory up
    await stopServer(first, 'SIGTERM');
    expect(existsSync(join(dataDir, 'owner.lock'))).toBe(false);

    // without a server the token command reads the database itself (and lets it go again)
    const offline = await token(['--role', 'admin']);
    expect(offline.split('.')).toHaveLength(3);
    expect(existsSync(join(dataDir, 'owner.lock'))).toBe(false);

    const restarted = await startServer(port);
    expect(await titlesPresent(restarted.url, admin, titles)).toEqual(titles);
    titles.push('归属测试-重启之后写入');
    await report(restarted.url, admin, titles[2]!);

    // kill -9 leaves the lock behind; its holder is gone, so the next start takes it over at once
    await stopServer(restarted, 'SIGKILL');
    expect(JSON.parse(readFileSync(join(dataDir, 'owner.lock'), 'utf8')).pid).toBe(restarted.child.pid);
    const afterKill = await startServer(port);
    expect(JSON.parse(readFileSync(join(dataDir, 'owner.lock'), 'utf8')).pid).toBe(afterKill.child.pid);
    expect(await titlesPresent(afterKill.url, admin, titles)).toEqual(titles);
    await stopServer(afterKill, 'SIGTERM');
    // a cold start (initdb, migrations, demo seed) and three warm ones, on a machine that may be busy
  }, 600_000);
});
