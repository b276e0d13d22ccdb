import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { entities, migrations } from './db';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { exchangeEntities } from './exchange/entities';
import { exchangeMigrations } from './exchange/migrations';
import { withExchange } from './exchange/resolvers';

export const commitments: SubgraphModule<Loaders> = {
  name: 'commitments',
  typeDefs: loadTypeDefs(path.join(__dirname, 'schema', 'commitment.graphql'), path.join(__dirname, 'schema', 'lifecycle.graphql'), path.join(__dirname, 'schema', 'delivery.graphql'), path.join(__dirname, 'schema', 'audit.graphql'), path.join(__dirname, 'kpis', 'kpis.graphql'), path.join(__dirname, 'exchange', 'exchange.graphql')),
  peers: ['ministries', 'localities', 'partners'],
  resolvers: withExchange(resolvers),
  entities: [...entities, ...exchangeEntities],
  migrations: [...migrations, ...exchangeMigrations],
  createLoaders,
  seed,
};
