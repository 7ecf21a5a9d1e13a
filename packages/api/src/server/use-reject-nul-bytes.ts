import { type DocumentNode, Kind, visit } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Whether a variable value holds a string with a NUL character anywhere inside it. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1));
  if (value && typeof value === 'object')
    return Object.values(value).some((item) => holdsNul(item, depth + 1));
  return false;
}

/**
 * Refuses strings containing NUL (U+0000) as bad input before any resolver runs: PostgreSQL cannot
 * store them in text, so letting one through would turn a client's mistake into a server error.
 */
export function useRejectNulBytes(): Plugin {
  const refuse = () =>
    createGraphQLError('strings may not contain the NUL character (U+0000)', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (holdsNul(args.variableValues) || documentHoldsNul(args.document as DocumentNode)) {
        setResultAndStopExecution({ errors: [refuse()] });
      }
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (holdsNul(args.variableValues) || documentHoldsNul(args.document as DocumentNode)) {
        setResultAndStopExecution({ errors: [refuse()] });
      }
    },
  };
}

function documentHoldsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}
