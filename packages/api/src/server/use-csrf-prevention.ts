import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface CsrfPreventionOptions {
  /**
   * Headers any one of which marks a request as sent by a script (a browser cannot add them to a
   * cross-site form post or a plain link without a CORS preflight).
   * @default ['x-graphql-csrf', 'x-graphql-yoga-csrf']
   */
  requestHeaders?: string[];
}

/**
 * CSRF prevention with Yoga's `@graphql-yoga/plugin-csrf-prevention`: a GraphQL request must be
 * one a browser would have preflighted, so either its `Content-Type` is not a "simple" one (send
 * `application/json`), or it carries one of `requestHeaders`. A plain GET, a form post or a
 * `text/plain` post without the header is refused with 403 and `extensions.code` CSRF_HEADER_REQUIRED.
 * GraphiQL, `/healthz` and `/readyz` are not GraphQL requests and are not affected; a browser
 * `EventSource` cannot set headers, so SSE clients subscribe with a POST (as graphql-sse does).
 */
export function useCsrfPrevention(options: CsrfPreventionOptions = {}): Plugin {
  const requestHeaders = options.requestHeaders ?? ['x-graphql-csrf', 'x-graphql-yoga-csrf'];
  const yogaPlugin = useCSRFPrevention({ requestHeaders }) as Plugin;
  return {
    onRequestParse(payload) {
      try {
        return yogaPlugin.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `Refused as possible cross-site request forgery: send Content-Type: application/json, or a ${requestHeaders[0]} header.`,
          { extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } } },
        );
      }
    },
  };
}
