// PostgreSQL connections that a database reset cannot take the process down with.
//
// node-postgres #2762: pg-pool hands a client to `connect()` before anyone listens to its `error`
// event, so a backend terminated at that moment (failover, restart, proxy reset, a DBA's
// pg_terminate_backend) raises an unhandled 'error' event and ends the process. We own the pool and
// listen on every client from its creation to its end. A statement that then fails because its
// connection was already dead is sent once more on a fresh connection where that is safe: reads,
// and transactions that never started.

import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { isLostConnection } from './database-errors.js';

export interface ResilientPoolOptions {
  connectionString: string;
  /** Connections at most. */
  max: number;
  /** How long a caller waits for a free connection before failing (retryable). 0: forever. */
  connectionTimeoutMillis: number;
  logger?: Logger;
}

/** A pg.Pool whose clients all have an `error` listener for their whole life. */
export function createResilientPool(options: ResilientPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis,
    idleTimeoutMillis: 30_000,
  });
  let lastLogged = 0;
  const log = (error: Error, where: string) => {
    // A reset ends every connection at once: one line per second is enough.
    const now = Date.now();
    if (now - lastLogged < 1_000) return;
    lastLogged = now;
    options.logger?.warn(
      { err: { type: error.name, code: (error as { code?: unknown }).code }, where },
      'database connection lost; it is replaced on next use',
    );
  };
  // An idle client's error: pg-pool removes that client itself.
  pool.on('error', (error) => log(error, 'idle'));
  // From creation on: a checked-out client's error then reaches this listener instead of crashing
  // the process; the query running on it fails and the client is discarded on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => log(error, 'in use'));
  });
  return pool;
}

/** Reads Prisma sends outside transactions (never a statement that changes data). */
function isRead(sql: string): boolean {
  const head = sql.trimStart().slice(0, 6).toUpperCase();
  if (head === 'SELECT' || head.startsWith('SHOW')) return !/\bFOR\s+(NO\s+KEY\s+)?UPDATE\b/i.test(sql);
  if (head.startsWith('WITH')) return !/\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(sql);
  return false;
}

/**
 * Wraps a driver adapter factory so that on a connection found dead, a read (outside transactions)
 * and the start of a transaction are tried once more. Writes outside a transaction and statements
 * inside one are never resent: whether they ran is unknown, and their error reaches the caller.
 */
export function retryOnLostConnection<F extends SqlMigrationAwareDriverAdapterFactory>(factory: F): F {
  const wrapAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(adapter, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'queryRaw' || property === 'executeRaw') {
          return async (query: SqlQuery) => {
            try {
              return await value.call(object, query);
            } catch (error) {
              if (!isRead(query.sql) || !isLostConnection(error)) throw error;
              return value.call(object, query);
            }
          };
        }
        if (property === 'startTransaction') {
          return async (...args: unknown[]) => {
            try {
              return await value.apply(object, args);
            } catch (error) {
              if (!isLostConnection(error)) throw error;
              return value.apply(object, args);
            }
          };
        }
        return value.bind(object);
      },
    });

  return new Proxy(factory, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === 'connect' && typeof value === 'function') {
        return async () => wrapAdapter(await value.call(object));
      }
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
