import path from 'node:path';
import type { SubgraphModule } from '@accords/subgraph-kit';
import config from '../supergraph.config.json';

export interface ConfiguredSubgraph {
  name: string;
  routingUrl: string;
  /** The package's folder, where its process is started. */
  directory: string;
  module: SubgraphModule<unknown>;
}

/** The subgraphs listed in supergraph.config.json, with their modules loaded (no side effects). */
export function configuredSubgraphs(): ConfiguredSubgraph[] {
  return config.subgraphs.map((s) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require(s.package) as Record<string, SubgraphModule<unknown>>;
    const entry = require.resolve(`${s.package}/package.json`);
    return { name: s.name, routingUrl: s.routingUrl, directory: path.dirname(entry), module: pkg[s.export] };
  });
}
