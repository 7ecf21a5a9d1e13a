import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

export type StatementListener = (sql: string) => void;

/**
 * Wraps a driver adapter factory so every SQL statement Prisma sends (inside transactions too)
 * is reported to `listener`. This counts real statements, not Prisma operations, which is what
 * proves a nested list is N+1 free.
 */
export function observeStatements<F extends SqlDriverAdapterFactory>(
  factory: F,
  listener: StatementListener,
): F {
  const observeQueryable = <Q extends SqlDriverAdapter | Transaction>(target: Q): Q =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'queryRaw' || property === 'executeRaw') {
          return (query: SqlQuery) => {
            listener(query.sql);
            return value.call(object, query);
          };
        }
        if (property === 'executeScript') {
          return (script: string) => {
            listener(script);
            return value.call(object, script);
          };
        }
        if (property === 'startTransaction') {
          return async (...args: unknown[]) => observeQueryable(await value.apply(object, args));
        }
        return value.bind(object);
      },
    });

  return new Proxy(factory, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === 'connect' && typeof value === 'function') {
        return async () => observeQueryable(await value.call(object));
      }
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
