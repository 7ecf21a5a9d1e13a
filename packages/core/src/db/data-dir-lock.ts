// One owner per embedded data directory. PGlite is one process's database: a second process
// opening the same directory corrupts it. Every process that opens a data directory (the server,
// the token command when no server runs, db:seed, db:migrate) takes this lock first.
//
// The lock is a file created with O_EXCL holding the owner's pid and the kernel's start time of that
// pid (/proc/<pid>/stat field 22). A holder killed with `kill -9` leaves the file behind; the next
// opener sees that the pid is gone (or now belongs to another process, started at another time) and
// takes the lock over at once. An mtime-refreshing lock (proper-lockfile) was considered: it makes a
// restart after a crash wait for the stale period, and a holder whose event loop is blocked (PGlite's
// initdb runs synchronously in WebAssembly for seconds on a loaded machine) would look stale and lose
// its lock to a second owner, which is the very corruption this prevents.

import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_LOCK_FILE = 'owner.lock';

/** What the lock file says about its holder. */
export interface DataDirOwner {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  startTime: string | null;
  hostname: string;
  /** What holds it: `server`, `db:seed`, `token`, … */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** The GraphQL endpoint of a server holding the directory, once it listens. */
  url?: string;
}

/** The data directory is held by another live process. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another process (${owner.command}, pid ${owner.pid}` +
        `${owner.url ? `, serving ${owner.url}` : ''}, since ${owner.since}). ` +
        'Only one process may open it: stop that process first, or give this one its own DATA_DIR ' +
        '(or use PostgreSQL with DATABASE_URL to run several instances).',
    );
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly owner: DataDirOwner;
  /** Records more about the holder (the server's URL once it listens) for other processes to read. */
  update(details: Pick<DataDirOwner, 'url'>): void;
  /** Gives the directory up (idempotent). Also done on process exit. */
  release(): void;
}

/** Start time of a pid from /proc (Linux); null where /proc is absent, undefined when no such pid. */
function processStartTime(pid: number): string | null | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return process.platform === 'linux' ? undefined : null;
    return null;
  }
}

/** Whether the process that wrote `owner` still runs (on this machine). */
export function isOwnerAlive(owner: DataDirOwner): boolean {
  if (owner.hostname !== hostname()) return true; // another machine's process: cannot tell, assume alive
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it exists but belongs to another user
  }
  const startTime = processStartTime(owner.pid);
  if (startTime === undefined) return false;
  return owner.startTime === null || startTime === null || startTime === owner.startTime;
}

function parseOwner(text: string): DataDirOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<DataDirOwner>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
    return {
      pid: value.pid,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      hostname: value.hostname,
      command: typeof value.command === 'string' ? value.command : 'unknown',
      since: typeof value.since === 'string' ? value.since : 'unknown',
      ...(typeof value.url === 'string' ? { url: value.url } : {}),
    };
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The live process holding `dataDir`, or undefined when nobody does (no lock, or the lock of a
 * process that is gone). Reads only; takes nothing.
 */
export function readDataDirOwner(dataDir: string): DataDirOwner | undefined {
  const text = readText(join(dataDir, DATA_DIR_LOCK_FILE));
  if (text === undefined) return undefined;
  const owner = parseOwner(text);
  // A lock being written this instant reads empty: its writer is alive.
  if (!owner) return text.trim() === '' ? { ...unknownOwner } : undefined;
  return isOwnerAlive(owner) ? owner : undefined;
}

const unknownOwner: DataDirOwner = {
  pid: 0,
  startTime: null,
  hostname: hostname(),
  command: 'a process starting up',
  since: new Date().toISOString(),
};

const heldHere = new Map<string, DataDirLock>();

/**
 * Takes `dataDir` for this process or throws `DataDirLockedError` at once naming the live holder.
 * A lock left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  if (heldHere.has(file)) {
    throw new DataDirLockedError(dataDir, heldHere.get(file)!.owner);
  }
  const owner: DataDirOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid) ?? null,
    hostname: hostname(),
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
    const text = readText(file);
    if (text === undefined) continue; // released meanwhile
    const current = parseOwner(text);
    if (!current) {
      // Empty: another process is between creating and writing it. Unparseable garbage: replace it.
      if (text.trim() === '') throw new DataDirLockedError(dataDir, unknownOwner);
    } else if (isOwnerAlive(current)) {
      throw new DataDirLockedError(dataDir, current);
    }
    takeOver(file, text, dataDir);
  }
  let released = false;
  const lock: DataDirLock = {
    dataDir,
    owner,
    update(details) {
      if (released) return;
      Object.assign(owner, details);
      // Written aside and renamed over the lock: readers never see a half-written file, and the lock
      // file exists throughout, so nobody can take it meanwhile.
      const next = `${file}.${process.pid}.tmp`;
      const fd = openSync(next, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      renameSync(next, file);
    },
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      process.off('exit', lock.release);
      const text = readText(file);
      const current = text === undefined ? undefined : parseOwner(text);
      if (current?.pid === process.pid && current.since === owner.since) unlinkSync(file);
    },
  };
  heldHere.set(file, lock);
  process.on('exit', lock.release);
  return lock;
}

/**
 * Removes the dead holder's lock. Renamed aside first (atomic), then checked: if what was moved is
 * not the stale lock we judged (a live process took it over in between), it is put back.
 */
function takeOver(file: string, staleText: string, dataDir: string): void {
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readText(aside) ?? '';
  if (moved !== staleText) {
    try {
      linkSync(aside, file); // fails if yet another lock appeared: then that one stands
    } catch {}
    unlinkSync(aside);
    const owner = parseOwner(moved);
    throw new DataDirLockedError(dataDir, owner ?? unknownOwner);
  }
  unlinkSync(aside);
}
