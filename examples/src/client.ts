import { Kind, print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** One error of a GraphQL response; `extensions.code` is one of the gateway's documented codes. */
export interface ResponseError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** The request failed: every error the gateway returned, with the HTTP status. */
export class AccordsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ResponseError[],
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
    this.name = 'AccordsRequestError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface ClientOptions {
  /** The gateway's endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** An agency token (`Authorization: Bearer`); without one, requests are anonymous public reads. */
  token?: string;
  /** Send the operation's SHA-256 first and the text only when asked (persisted queries, the default); or always the text. */
  persisted?: boolean;
  fetch?: typeof fetch;
}

export interface AccordsClient {
  /** Runs a generated document: the variables and the result are typed by the operation. Throws AccordsRequestError. */
  request<TResult, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult>;
}

/** Hex SHA-256 with Web Crypto (Node 20 and browsers alike): the id of an operation text. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The text sent for a document: exactly what the persisted-query manifest lists as its body. */
export const operationText = (document: DocumentNode): string => print(document);

function operationName(document: DocumentNode): string | undefined {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? operation.name?.value : undefined;
}

interface Response {
  data?: unknown;
  errors?: ResponseError[];
}

/**
 * A minimal typed client over fetch. With persisted queries it sends the hash alone; on PERSISTED_QUERY_NOT_FOUND
 * (APQ: the gateway has not seen it yet) it sends hash and text once, which registers it; on
 * PERSISTED_QUERY_NOT_SUPPORTED it sends only text from then on. In allow-list mode the hash of a manifest operation
 * simply runs.
 */
export function createClient(options: ClientOptions): AccordsClient {
  const send = options.fetch ?? fetch;
  let persisted = options.persisted ?? true;
  const prepared = new WeakMap<DocumentNode, Promise<{ text: string; hash: string }>>();
  const prepare = (document: DocumentNode) => {
    let entry = prepared.get(document);
    if (!entry) {
      const text = operationText(document);
      entry = sha256Hex(text).then((hash) => ({ text, hash }));
      prepared.set(document, entry);
    }
    return entry;
  };
  const post = async (payload: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await send(options.url, { method: 'POST', headers, body: JSON.stringify(payload) });
    const body = (await res.json().catch(() => ({}))) as Response;
    return { status: res.status, body, code: body.errors?.[0]?.extensions?.code };
  };
  return {
    async request<TResult, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
      const { text, hash } = await prepare(document);
      const base = { operationName: operationName(document), variables };
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      let response = persisted ? await post({ ...base, extensions }) : await post({ ...base, query: text });
      if (response.code === 'PERSISTED_QUERY_NOT_FOUND') {
        response = await post({ ...base, extensions, query: text });
      } else if (response.code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
        persisted = false;
        response = await post({ ...base, query: text });
      }
      if (response.body.errors?.length || response.body.data == null) throw new AccordsRequestError(response.status, response.body.errors ?? []);
      return response.body.data as TResult;
    },
  };
}
