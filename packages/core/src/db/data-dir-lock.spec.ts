import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DATA_DIR_LOCK_FILE,
  DataDirLockedError,
  readDataDirOwner,
} from './data-dir-lock.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mediation-lock-'));
  dirs.push(dir);
  return dir;
}

/** Another live process (what a running server is to this one). */
async function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

function writeLock(dir: string, pid: number, startTime: string) {
  writeFileSync(
    join(dir, DATA_DIR_LOCK_FILE),
    JSON.stringify({
      pid,
      startTime,
      hostname: hostname(),
      command: 'server',
      since: '2026-12-01T00:00:00.000Z',
      url: 'http://127.0.0.1:4531/graphql',
    }),
  );
}

describe('the data directory lock', () => {
  it('is taken once: a second taker is refused until it is released', () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir, 'server');
    expect(JSON.parse(readFileSync(join(dir, DATA_DIR_LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'server',
    });
    expect(() => acquireDataDirLock(dir, 'db:seed')).toThrow(DataDirLockedError);
    lock.update({ url: 'http://127.0.0.1:4531/graphql' });
    expect(readDataDirOwner(dir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:4531/graphql' });
    lock.release();
    expect(existsSync(join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
    acquireDataDirLock(dir, 'db:seed').release();
  });

  it('refuses while another live process holds it, naming that process', async () => {
    const dir = dataDir();
    const holder = await otherProcess();
    writeLock(dir, holder.pid!, startTimeOf(holder.pid!));
    const error = (() => {
      try {
        acquireDataDirLock(dir, 'db:seed');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`pid ${holder.pid}`);
    expect((error as Error).message).toContain('http://127.0.0.1:4531/graphql');
    expect(readDataDirOwner(dir)?.pid).toBe(holder.pid);
  });

  it('takes over the lock of a holder killed with kill -9', async () => {
    const dir = dataDir();
    const holder = await otherProcess();
    writeLock(dir, holder.pid!, startTimeOf(holder.pid!));
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    expect(readDataDirOwner(dir)).toBeUndefined();
    const lock = acquireDataDirLock(dir, 'server');
    expect(JSON.parse(readFileSync(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('tells a reused pid from its holder by the start time', async () => {
    const dir = dataDir();
    const stranger = await otherProcess();
    // the holder had this pid once; a different process, started at another time, has it now
    writeLock(dir, stranger.pid!, String(Number(startTimeOf(stranger.pid!)) - 1));
    expect(readDataDirOwner(dir)).toBeUndefined();
    acquireDataDirLock(dir, 'server').release();
  });
});
