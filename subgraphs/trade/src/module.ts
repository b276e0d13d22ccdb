import fs from 'node:fs';
import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { entities, migrations } from './db';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';
import { seed } from './seed';

const schemaDir = path.join(__dirname, 'schema');

export const trade: SubgraphModule<Loaders> = {
  name: 'trade',
  // Every .graphql file under src/schema, in name order.
  typeDefs: loadTypeDefs(...fs.readdirSync(schemaDir).filter((f) => f.endsWith('.graphql')).sort().map((f) => path.join(schemaDir, f))),
  resolvers,
  entities,
  migrations,
  createLoaders,
  seed,
};
