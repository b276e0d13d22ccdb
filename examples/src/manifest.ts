import { Kind, type DocumentNode } from 'graphql';
import { operationText, sha256Hex } from './client';

/** Apollo's persisted-query manifest format, as the gateway reads it in allow-list mode. */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }[];
}

/**
 * The manifest of every operation among the given exports (generated documents): the body is the exact text the
 * client sends and the id its SHA-256, so a client may send the id alone. Fragments are not operations: they travel
 * inside the bodies of the operations that use them.
 */
export async function persistedQueryManifest(exports: Record<string, unknown>): Promise<PersistedQueryManifest> {
  const operations: PersistedQueryManifest['operations'] = [];
  for (const value of Object.values(exports)) {
    const document = value as DocumentNode;
    if (document?.kind !== Kind.DOCUMENT) continue;
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind !== Kind.OPERATION_DEFINITION) continue;
    if (!operation.name) throw new Error('Every persisted operation needs a name');
    const body = operationText(document);
    operations.push({ id: await sha256Hex(body), name: operation.name.value, type: operation.operation, body });
  }
  operations.sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}
