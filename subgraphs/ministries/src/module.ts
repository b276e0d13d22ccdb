import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { SIGNING_CAPABILITY_SDL } from '@accords/rules';
import { entities, migrations } from './db';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const ministries: SubgraphModule<Loaders> = {
  name: 'ministries',
  typeDefs: loadTypeDefs(path.join(__dirname, 'schema', 'ministry.graphql'), path.join(__dirname, 'schema', 'organisation.graphql'), SIGNING_CAPABILITY_SDL),
  resolvers,
  entities,
  migrations,
  createLoaders,
  seed,
};
