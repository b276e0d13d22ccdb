import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { entities, migrations } from './db';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const commitments: SubgraphModule<Loaders> = {
  name: 'commitments',
  typeDefs: loadTypeDefs(path.join(__dirname, 'schema', 'commitment.graphql'), path.join(__dirname, 'schema', 'lifecycle.graphql'), path.join(__dirname, 'schema', 'delivery.graphql'), path.join(__dirname, 'schema', 'audit.graphql'), path.join(__dirname, 'kpis', 'kpis.graphql')),
  peers: ['ministries', 'localities', 'partners'],
  resolvers,
  entities,
  migrations,
  createLoaders,
  seed,
};
