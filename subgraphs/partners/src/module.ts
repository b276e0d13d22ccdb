import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { entities, migrations } from './db';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const partners: SubgraphModule<Loaders> = {
  name: 'partners',
  typeDefs: loadTypeDefs(path.join(__dirname, 'schema', 'partner.graphql')),
  resolvers,
  entities,
  migrations,
  createLoaders,
  seed,
};
