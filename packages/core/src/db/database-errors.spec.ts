import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { databaseUnavailableReason, isDatabaseUnavailable, isLostConnection } from './database-errors.js';

/** Errors shaped as Prisma 7 and its driver adapters raise them. */
const prismaError = (code: string, meta?: Record<string, unknown>) =>
  Object.assign(new Error('Invalid `prisma.case.update()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta,
  });

describe('database errors', () => {
  it('recognizes a busy or unreachable database', () => {
    expect(databaseUnavailableReason(prismaError('P2028'))).toBe('P2028'); // transaction could not start in time
    expect(databaseUnavailableReason(prismaError('P1001'))).toBe('P1001');
    expect(databaseUnavailableReason(prismaError('P1017'))).toBe('P1017');
    expect(databaseUnavailableReason(prismaError('P2024'))).toBe('P2024');
    // a PostgreSQL error carried by the driver adapter (pg_terminate_backend)
    const terminated = prismaError('P2010', {
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', originalCode: '57P01' } },
    });
    expect(databaseUnavailableReason(terminated)).toBe('57P01');
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isDatabaseUnavailable(prismaError('P2002'))).toBe(false); // unique violation
    expect(isDatabaseUnavailable(prismaError('P2025'))).toBe(false);
    expect(isDatabaseUnavailable(new ValidationError([{ path: 'title', message: 'required' }]))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
  });

  it('tells a statement that met a dead connection (safe to resend a read) from a busy database', () => {
    expect(isLostConnection(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isLostConnection({ name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } })).toBe(true);
    expect(isLostConnection(prismaError('P2028'))).toBe(false);
    expect(isLostConnection(new Error('timeout exceeded when trying to connect'))).toBe(false);
  });
});
