import type { CaseEventNotice, OutboxRouter } from '../cases/case-events.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { scanDeadlines } from './deadline-scan.js';

export interface DeadlineScannerOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** Seconds between the end of one scan and the start of the next; 0 turns scanning off. */
  intervalSeconds: number;
  dueSoonHours: number;
  /** Receives the committed events of each scan (the app publishes them to subscribers). */
  publish: (notices: CaseEventNotice[]) => void;
  routeOutbox?: OutboxRouter;
  /** @default () => new Date() */
  clock?: () => Date;
}

export interface DeadlineScanner {
  /** Stops the timer and waits for a scan under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `scanDeadlines` now and then every `intervalSeconds`. Runs never overlap (the next is
 * scheduled when one ends), the timer does not keep the process alive, and a failed scan is logged
 * (its kind and code, never its message, which may quote case data) and retried at the next tick.
 * Every instance may run one: the scan records each crossing once however many run.
 */
export function startDeadlineScanner(options: DeadlineScannerOptions): DeadlineScanner {
  const { logger, intervalSeconds } = options;
  if (intervalSeconds <= 0) return { stop: async () => {} };
  const clock = options.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        schedule(intervalSeconds * 1000);
      });
    }, delayMs);
    timer.unref();
  };

  const run = async () => {
    try {
      const notices = await scanDeadlines(options.prisma, {
        now: clock(),
        dueSoonHours: options.dueSoonHours,
        routeOutbox: options.routeOutbox,
      });
      if (notices.length) {
        logger.info({ events: notices.length }, 'deadline scan: due-soon and overdue events recorded');
        options.publish(notices);
      }
    } catch (error) {
      logger.error({ err: describeScanError(error) }, 'deadline scan failed; retrying at the next tick');
    }
  };

  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function describeScanError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return { type: error.name, code: (error as { code?: unknown }).code };
}
