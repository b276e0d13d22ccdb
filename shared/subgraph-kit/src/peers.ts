import { accordsError, isErrorCode } from '@accords/errors';
import { IDENTITY_HEADER, signInternalIdentity, type Identity } from '@accords/auth';
import type { Logger } from '@accords/logger';

/** The request a peer call is made on behalf of: its id and caller travel with it. */
export interface PeerCaller {
  requestId: string;
  identity: Identity | null;
}

/**
 * Another subgraph this one asks for facts it does not own (e.g. the commitments subgraph asks localities whether a
 * commune may sign on a date, then snapshots the answer). Subgraphs never read each other's tables; they ask.
 */
export interface Peers {
  query<T>(service: string, query: string, variables: Record<string, unknown>, caller: PeerCaller): Promise<T>;
}

interface PeerResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/** A peer's answer as this service's error: its code is kept when it is one of ours, and the peer is named. */
export function peerResult<T>(service: string, body: PeerResponse<T>): T {
  if (body.errors?.length) {
    const first = body.errors[0];
    const code = isErrorCode(first.extensions?.code) ? first.extensions.code : 'SERVICE_UNAVAILABLE';
    throw accordsError(code, `The ${service} service refused: ${first.message}`, { peer: service });
  }
  if (!body.data) throw accordsError('SERVICE_UNAVAILABLE', `The ${service} service returned no data; retry later.`, { peer: service });
  return body.data;
}

export const noPeers: Peers = {
  query(service) {
    return Promise.reject(accordsError('SERVICE_UNAVAILABLE', `This service has no route to the ${service} service (set PEER_${service.toUpperCase()}_URL).`));
  },
};

/** Peers over HTTP: the caller's identity is re-signed with the shared secret, the request id travels along. */
export function httpPeers(urls: Record<string, string>, options: { internalSecret: string; timeoutMs?: number; logger?: Logger }): Peers {
  return {
    async query<T>(service: string, query: string, variables: Record<string, unknown>, caller: PeerCaller): Promise<T> {
      const url = urls[service];
      if (!url) return noPeers.query<T>(service, query, variables, caller);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': caller.requestId };
      if (caller.identity) headers[IDENTITY_HEADER] = await signInternalIdentity(caller.identity, options.internalSecret);
      // Every failure keeps its cause (the fetch error, the HTTP status) in the log; the client learns which peer failed.
      const unavailable = (message: string, cause: unknown, status?: number) => {
        options.logger?.warn({ requestId: caller.requestId, peer: service, url, status: status ?? null, err: cause }, 'Peer service unavailable');
        return accordsError('SERVICE_UNAVAILABLE', message, { peer: service, ...(status ? { peerStatus: status } : {}) }, cause);
      };
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
      } catch (error) {
        throw unavailable(`The ${service} service did not answer; nothing was changed, retry later.`, error);
      }
      let body: PeerResponse<T>;
      try {
        body = (await response.json()) as PeerResponse<T>;
      } catch (error) {
        throw unavailable(`The ${service} service answered HTTP ${response.status} without a GraphQL response; nothing was changed, retry later.`, error, response.status);
      }
      // A GraphQL error body (Apollo answers some refusals with 4xx) keeps its code; any other failure status does not pass as data.
      if (!response.ok && !body?.errors?.length) {
        throw unavailable(`The ${service} service answered HTTP ${response.status}; nothing was changed, retry later.`, new Error(`HTTP ${response.status} ${response.statusText}`), response.status);
      }
      return peerResult(service, body);
    },
  };
}
