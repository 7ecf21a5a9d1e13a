import { type DocumentNode, Kind, print } from '@0no-co/graphql.web';

/** A document as the client sends it: its exact text, name, persisted-operation hash. */
export interface Operation {
  /** The printed document: what is sent, and what the persisted-operations manifest registers. */
  text: string;
  name: string | undefined;
  /** Declares `$after` (and so can resume from the last cursor received). */
  resumable: boolean;
  /** Lowercase hex SHA-256 of `text`. */
  hash(): Promise<string>;
}

const cache = new WeakMap<object, Operation>();

export function operationOf(document: DocumentNode): Operation {
  let operation = cache.get(document);
  if (operation) return operation;
  const text = print(document);
  const definition = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  let hash: Promise<string> | undefined;
  operation = {
    text,
    name: definition && 'name' in definition ? definition.name?.value : undefined,
    resumable: Boolean(
      definition &&
        'variableDefinitions' in definition &&
        definition.variableDefinitions?.some((v) => v.variable.name.value === 'after'),
    ),
    hash: () => {
      hash ??= sha256Hex(text);
      return hash;
    },
  };
  cache.set(document, operation);
  return operation;
}

/** The document text the client sends for `document` (what a persisted-operations manifest registers). */
export function documentText(document: DocumentNode): string {
  return operationOf(document).text;
}

/** Lowercase hex SHA-256 of a text, with WebCrypto (browsers in secure contexts, Node ≥ 20). */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new Error(
      'persisted operations need WebCrypto (crypto.subtle): serve the app over HTTPS or localhost',
    );
  }
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
