import type { Logger } from '@mediation/core';
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Logs one line per GraphQL operation: its name, type, duration and error codes. Never variables or
 * results, which carry personal data.
 */
export function useRequestLogging(logger: Logger): Plugin {
  return {
    onExecute({ args }) {
      const started = performance.now();
      const operation = (args.document as DocumentNode).definitions.find(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      const operationType = operation?.operation;
      const operationName = args.operationName ?? operation?.name?.value;
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result)) {
            logger.debug(
              { operationName, operationType, ms: Math.round(performance.now() - started) },
              'graphql',
            );
            return;
          }
          const codes = result.errors?.map((e) => e.extensions?.code ?? 'UNKNOWN');
          logger.info(
            { operationName, operationType, ms: Math.round(performance.now() - started), errorCodes: codes },
            'graphql',
          );
        },
      };
    },
  };
}
