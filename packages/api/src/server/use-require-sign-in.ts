import type { Principal } from '@mediation/core';
import { type DocumentNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { unauthenticated } from './authentication.js';

const introspectionFields = new Set(['__typename', '__schema', '__type']);

/** Whether an operation asks only for `__typename` and introspection (what anonymous callers may do). */
function onlyIntrospection(selectionSet: SelectionSetNode, document: DocumentNode): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return introspectionFields.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyIntrospection(selection.selectionSet, document);
    const fragment = document.definitions.find(
      (definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
    );
    return !!fragment && 'selectionSet' in fragment && onlyIntrospection(fragment.selectionSet, document);
  });
}

/**
 * Refuses every operation from a caller without credentials (401, `UNAUTHENTICATED`), except
 * introspection and `__typename`, before any resolver runs. Jurisdiction rules then apply to the
 * signed-in principal (packages/core/src/policy/jurisdiction.ts).
 */
export function useRequireSignIn(): Plugin<{ principal?: Principal }> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const principal = (args.contextValue as { principal?: Principal }).principal;
      if (principal && principal.kind !== 'anonymous') return;
      const document = args.document as DocumentNode;
      const operation = document.definitions.find(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION &&
          (!args.operationName || definition.name?.value === args.operationName),
      );
      if (operation && onlyIntrospection(operation.selectionSet, document)) return;
      setResultAndStopExecution({
        errors: [
          unauthenticated('sign in first: send "Authorization: Bearer <token>" or "X-API-Key: <key>"'),
        ],
      });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const principal = (args.contextValue as { principal?: Principal }).principal;
      if (principal && principal.kind !== 'anonymous') return;
      setResultAndStopExecution({
        errors: [
          unauthenticated('sign in first: send "Authorization: Bearer <token>" or "X-API-Key: <key>"'),
        ],
      });
    },
  };
}
