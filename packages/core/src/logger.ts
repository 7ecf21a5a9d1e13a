import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Paths pino replaces with "[redacted]". Personal data (ID numbers, phones, addresses) and secrets
 * never reach the logs, even when an object carrying them is logged by mistake.
 */
export const redactedLogPaths = [
  'idNumber',
  'phone',
  'address',
  'password',
  'token',
  'apiKey',
  'secret',
  'authorization',
  'databaseUrl',
  'redisUrl',
  'jwtSecret',
  '*.idNumber',
  '*.phone',
  '*.address',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.authorization',
  '*.databaseUrl',
  '*.redisUrl',
  '*.jwtSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'variables',
  '*.variables',
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'mediation',
    level: options.level ?? 'info',
    redact: { paths: redactedLogPaths, censor: '[redacted]' },
  });
}
