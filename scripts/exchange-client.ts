/**
 * What `npm run import` and `npm run export` share: one GraphQL call through the gateway with the caller's token
 * (ACCORDS_TOKEN, from `npm run token` in development or the agency's identity provider), at ACCORDS_GATEWAY_URL.
 */
export const GATEWAY_URL = process.env.ACCORDS_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';

export class OperationError extends Error {
  constructor(readonly code: string, message: string, readonly extensions: Record<string, unknown>) {
    super(message);
  }
}

export async function runOperation<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const token = process.env.ACCORDS_TOKEN;
  const response = await fetch(GATEWAY_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new OperationError(String(e.extensions?.code ?? 'ERROR'), e.message, e.extensions ?? {});
  }
  return body.data as T;
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
