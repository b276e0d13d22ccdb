import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { SIGNING_CAPABILITY_SDL } from '@accords/rules';
import { entities, migrations } from './db';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const localities: SubgraphModule<Loaders> = {
  name: 'localities',
  typeDefs: loadTypeDefs(path.join(__dirname, 'schema', 'locality.graphql'), SIGNING_CAPABILITY_SDL),
  resolvers,
  entities,
  migrations,
  createLoaders,
  seed,
};
