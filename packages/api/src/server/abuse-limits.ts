import type { Logger } from '@mediation/core';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { PlatformConfig } from '../config.js';
import { maxPageSize } from '../schema/ids.js';
import { useCors } from './use-cors.js';
import { useCsrfPrevention } from './use-csrf-prevention.js';
import { loadPersistedOperations, usePersistedOperations } from './use-persisted-operations.js';
import { requestLimits, useMalformedRequestErrors, useQueryLimits } from './use-query-limits.js';
import { useRateLimit } from './use-rate-limit.js';

/** The settings behind the abuse limits; unset ones take each plugin's default. */
export type AbuseLimitsConfig = Pick<PlatformConfig, 'nodeEnv' | 'introspection'> &
  Partial<
    Pick<
      PlatformConfig,
      | 'redisUrl'
      | 'maxDepth'
      | 'maxAliases'
      | 'maxDirectives'
      | 'maxTokens'
      | 'maxCost'
      | 'batchLimit'
      | 'maxBodyBytes'
      | 'rateLimitPoints'
      | 'rateLimitSeconds'
      | 'trustProxy'
      | 'persistedOperationsFile'
      | 'persistedOperationsOnly'
      | 'corsOrigins'
    >
  >;

export interface AbuseLimits {
  /** Spread into `createYoga` (Yoga's own CORS is replaced by `useCors`). */
  yogaOptions: Pick<YogaServerOptions<object, object>, 'cors' | 'maxRequestBodySize' | 'batching'>;
  plugins: Plugin[];
}

/**
 * DESIGN §5 "Abuse", from the configuration: CORS allow-list, CSRF prevention, body and batch size,
 * persisted operations, query depth/aliases/directives/tokens/cost, and the per-caller rate limit.
 */
export function abuseLimits(
  config: AbuseLimitsConfig,
  { logger, redisKeyPrefix = 'mediation:' }: { logger: Logger; redisKeyPrefix?: string },
): AbuseLimits {
  const production = config.nodeEnv === 'production';
  const plugins: Plugin[] = [
    // Development answers any origin (GraphiQL elsewhere, local web apps); production only those listed.
    useCors({ origins: config.corsOrigins ?? (production ? [] : ['*']) }),
    useCsrfPrevention(),
    useMalformedRequestErrors(),
  ];
  if (config.persistedOperationsFile) {
    plugins.push(
      usePersistedOperations({
        operations: loadPersistedOperations(config.persistedOperationsFile),
        only: config.persistedOperationsOnly,
      }),
    );
  }
  plugins.push(
    useQueryLimits({
      maxDepth: config.maxDepth,
      maxAliases: config.maxAliases,
      maxDirectives: config.maxDirectives,
      maxTokens: config.maxTokens,
      maxCost: config.maxCost,
      maxListSize: maxPageSize,
      // With introspection off, "Did you mean …?" would leak the schema anyway.
      blockFieldSuggestions: !config.introspection,
    }),
    useRateLimit({
      points: config.rateLimitPoints,
      durationSeconds: config.rateLimitSeconds,
      redisUrl: config.redisUrl,
      keyPrefix: `${redisKeyPrefix}rate-limit:`,
      trustProxy: config.trustProxy,
      logger,
    }),
  );
  return {
    yogaOptions: {
      cors: false,
      ...requestLimits({ maxBodyBytes: config.maxBodyBytes, batchLimit: config.batchLimit }),
    },
    plugins,
  };
}
