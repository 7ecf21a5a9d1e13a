import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import {
  type ASTNode,
  type FieldNode,
  type GraphQLError,
  Kind,
  type ParseOptions,
  type Source,
  TypeInfo,
  type ValidationContext,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { createGraphQLError, type Plugin, type YogaServerOptions } from 'graphql-yoga';

export interface QueryLimitsOptions {
  /**
   * Deepest selection an operation may nest (introspection exempt). Relay connections spend two
   * levels per list (`edges { node }`), so this is looser than a plain schema would need.
   * @default 10
   */
  maxDepth?: number;
  /** Aliased fields per operation (`__typename` exempt): aliases multiply work in one request. @default 15 */
  maxAliases?: number;
  /** Directives per operation, counting repeats. @default 50 */
  maxDirectives?: number;
  /** Lexical tokens per document, checked while parsing, so an oversized document costs little. @default 1000 */
  maxTokens?: number;
  /**
   * Static cost per operation (introspection exempt): 1 per scalar, 2 per object, and a connection's
   * subtree × its page size (see `maxListSize`), so about the number of values an answer can hold. A
   * full page (100 cases) with a few dozen fields and small nested lists stays under the default; a
   * page of pages (100 × 100 rows) does not.
   * @default 10000
   */
  maxCost?: number;
  /**
   * Page size the cost assumes for a connection (a field taking `first`) whose `first`/`last` is a
   * variable: unknown while validating, so the largest page the API serves.
   * @default 100
   */
  maxListSize?: number;
  /** Page size the cost assumes for a connection given neither `first` nor `last`. @default 20 */
  defaultListSize?: number;
  /**
   * Replaces "Did you mean …?" in validation errors, which would otherwise hand out the schema
   * field by field when introspection is off.
   * @default false
   */
  blockFieldSuggestions?: boolean;
}

/** The `extensions.code` of each refusal, stable for clients. */
export const queryLimitCodes = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
  cost: 'QUERY_TOO_COMPLEX',
} as const;

function limitError(code: string, error: GraphQLError) {
  // graphql-armor words its refusals as "Syntax Error: …", which they are not.
  const message = error.message.replace(/^Syntax Error: /, '');
  return createGraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * A copy of `node` in which every connection field has one literal `first`: its own literal when
 * given (even above the largest page: such a request is refused here, before anything runs), the
 * largest page for a variable, the default page without one. Armor's cost rule multiplies only by
 * literal `first`/`last`, so `first: $n` or no argument would otherwise cost one row.
 */
function withPageSizes<T extends ASTNode>(
  context: ValidationContext,
  node: T,
  sizes: { max: number; default: number },
): T {
  const typeInfo = new TypeInfo(context.getSchema());
  return visit(
    node,
    visitWithTypeInfo(typeInfo, {
      Field(field): FieldNode | undefined {
        if (!typeInfo.getFieldDef()?.args.some((arg) => arg.name === 'first')) return undefined;
        const isPage = (name: string) => name === 'first' || name === 'last';
        const given = (field.arguments ?? []).filter((arg) => isPage(arg.name.value));
        const size = given.length
          ? Math.max(
              ...given.map((arg) => (arg.value.kind === Kind.INT ? Number(arg.value.value) : sizes.max)),
            )
          : sizes.default;
        return {
          ...field,
          arguments: [
            {
              kind: Kind.ARGUMENT,
              name: { kind: Kind.NAME, value: 'first' },
              value: { kind: Kind.INT, value: String(size) },
            },
            ...(field.arguments ?? []).filter((arg) => !isPage(arg.name.value)),
          ],
        };
      },
    }),
  );
}

/** Armor's cost rule, run over the operation (and its fragments) with page sizes made literal. */
function costRule(options: Parameters<typeof costLimitRule>[0], sizes: { max: number; default: number }) {
  const rule = costLimitRule(options);
  return (context: ValidationContext) => {
    const fragments = new Map<string, ReturnType<ValidationContext['getFragment']>>();
    const sized: ValidationContext = Object.create(context, {
      getFragment: {
        value: (name: string) => {
          if (!fragments.has(name)) {
            const fragment = context.getFragment(name);
            fragments.set(name, fragment && withPageSizes(context, fragment, sizes));
          }
          return fragments.get(name);
        },
      },
    });
    const visitor = rule(sized);
    return {
      OperationDefinition: {
        enter: (operation: Parameters<typeof visitor.onOperationDefinitionEnter>[0]) =>
          visitor.onOperationDefinitionEnter(withPageSizes(context, operation, sizes)),
      },
    };
  };
}

/** Armor's rules, made to report a coded validation error instead of throwing out of `validate`. */
function reportAs(code: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitError(code, error)),
    ],
  };
}

/**
 * Refuses operations that are too deep, too wide or too costly before they execute, with the
 * validation rules of GraphQL Armor (`@escape.tech/graphql-armor-*`). Token counting replaces the
 * parser, so it applies wherever the envelop pipeline parses: HTTP, SSE and graphql-ws.
 */
export function useQueryLimits(options: QueryLimitsOptions = {}): Plugin {
  const {
    maxDepth = 10,
    maxAliases = 15,
    maxDirectives = 50,
    maxTokens = 1000,
    maxCost = 10_000,
    maxListSize = 100,
    defaultListSize = 20,
    blockFieldSuggestions = false,
  } = options;
  const rules = [
    maxDepthRule({ n: maxDepth, ...reportAs(queryLimitCodes.depth) }),
    maxAliasesRule({ n: maxAliases, ...reportAs(queryLimitCodes.aliases) }),
    maxDirectivesRule({ n: maxDirectives, ...reportAs(queryLimitCodes.directives) }),
    costRule(
      // Armor's default multiplies by 1.5 per level, which prices a deep field like hundreds of rows.
      { maxCost, depthCostFactor: 1, ...reportAs(queryLimitCodes.cost) },
      { max: maxListSize, default: defaultListSize },
    ),
  ];
  const tokenLimit = {
    n: maxTokens,
    onReject: [
      (_: unknown, error: GraphQLError) => {
        throw limitError(queryLimitCodes.tokens, error);
      },
    ],
  };
  const parseWithTokenLimit = (source: string | Source, parseOptions?: ParseOptions) =>
    new MaxTokensParserWLexer(source, { ...parseOptions, ...tokenLimit }).parseDocument();
  const suggestions = blockFieldSuggestions ? blockFieldSuggestionsPlugin() : undefined;

  return {
    onParse({ setParseFn }) {
      setParseFn(parseWithTokenLimit);
    },
    onValidate(payload) {
      for (const rule of rules) payload.addValidationRule(rule);
      return suggestions?.onValidate?.(payload);
    },
  };
}

export interface RequestLimitsOptions {
  /**
   * Largest request body in bytes (by `Content-Length`, and counted while reading chunked bodies);
   * larger ones get 413 REQUEST_ENTITY_TOO_LARGE.
   * @default 1_048_576 (1 MiB)
   */
  maxBodyBytes?: number;
  /**
   * Operations per JSON-array batch; 0 keeps batching off (an array body gets 400 BAD_REQUEST), a
   * larger batch gets 413.
   * @default 0
   */
  batchLimit?: number;
}

/** Yoga's own request-size and batching options, from our limits. */
export function requestLimits(
  options: RequestLimitsOptions = {},
): Pick<YogaServerOptions<object, object>, 'maxRequestBodySize' | 'batching'> {
  const { maxBodyBytes = 1_048_576, batchLimit = 0 } = options;
  return {
    maxRequestBodySize: maxBodyBytes,
    batching: batchLimit > 0 ? { limit: batchLimit } : false,
  };
}

/**
 * Yoga reads `variables` and `extensions` of a GET or form request with a bare `JSON.parse`, so a
 * malformed one escaped as an unexpected error (masked INTERNAL_SERVER_ERROR); it is the client's
 * mistake: 400 BAD_REQUEST.
 */
export function useMalformedRequestErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw createGraphQLError('Malformed request: "variables" and "extensions" must be JSON.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
  };
}
