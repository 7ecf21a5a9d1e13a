import type { Server } from 'node:http';
import { type DocumentNode, type ExecutionArgs, GraphQLError } from 'graphql';
import type { ConnectionInitMessage, Context as SocketContext } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';

/** A graphql-ws connection: `connectionParams` (the `connection_init` payload) and `extra.request`. */
export type WebSocketContext = SocketContext<ConnectionInitMessage['payload'], Extra>;

export interface GraphQLWsOptions {
  server: Server;
  // biome-ignore lint/suspicious/noExplicitAny: any Yoga instance; its own context types stay inside it.
  yoga: YogaServerInstance<any, any>;
  /**
   * Checks a connection once, on `connection_init` (its payload is `ctx.connectionParams`): return
   * `false` to close the socket with 4403 Forbidden. The place where signed-in staff are recognised.
   * @default accepts every connection
   */
  onConnect?: (ctx: WebSocketContext) => boolean | Promise<boolean>;
}

export interface GraphQLWsServer {
  /** Open WebSocket connections. */
  connections(): number;
  /** Closes every socket (1001 Going away) and the WebSocket server. */
  close(): Promise<void>;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's GraphQL path, running every operation
 * through Yoga's envelop pipeline (`getEnveloped`), so plugins, context and error masking are the
 * same as over HTTP and SSE.
 */
export function attachGraphQLWs({ server, yoga, onConnect }: GraphQLWsOptions): GraphQLWsServer {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  type Enveloped = ReturnType<typeof yoga.getEnveloped>;
  // The execute/subscribe of the envelop run that parsed the operation, found again by its context.
  const envelopedByContext = new WeakMap<object, Enveloped>();
  const envelopedOf = (args: ExecutionArgs): Enveloped => {
    const enveloped = envelopedByContext.get(args.contextValue as object);
    if (!enveloped) throw new Error('graphql-ws: an operation reached execution without onSubscribe');
    return enveloped;
  };

  const disposable = useServer(
    {
      onConnect: onConnect ?? (() => true),
      execute: (args) => envelopedOf(args).execute(args),
      subscribe: (args) => envelopedOf(args).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document: DocumentNode;
        try {
          document = enveloped.parse(params.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length) return errors;
        const contextValue = await enveloped.contextFactory();
        envelopedByContext.set(contextValue, enveloped);
        return {
          schema: enveloped.schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue,
        };
      },
    },
    wss,
  );

  return {
    connections: () => wss.clients.size,
    close: () => disposable.dispose() as Promise<void>,
  };
}
