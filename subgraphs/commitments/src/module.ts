import path from 'node:path';
import { loadTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { env, parseEnv, z } from '@accords/config';
import { kpiCacheStats, startKpiRefresh } from './kpis/cache';
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
  // Recomputes recently used KPI figures after a write (kpis/cache.ts), unless KPI_REFRESH=off.
  background(db, { logger }) {
    const config = parseEnv({ KPI_REFRESH: z.enum(['on', 'off']).default('on'), KPI_REFRESH_POLL_MS: env.ms(2_000) });
    if (config.KPI_REFRESH === 'off') return { stop: async () => undefined };
    return startKpiRefresh(db, { pollMs: config.KPI_REFRESH_POLL_MS, logger });
  },
  // The KPI result cache on /metrics: how often a figure came from memory, and what the refresher recomputed.
  gauges: (db) => [
    { name: 'accords_kpi_cache_hits_total', help: 'KPI statements answered from the KPI result cache since start', read: () => kpiCacheStats(db).hits },
    { name: 'accords_kpi_cache_misses_total', help: 'KPI statements run because the cache had no rows at the current data version', read: () => kpiCacheStats(db).misses },
    { name: 'accords_kpi_cache_entries', help: 'KPI results held in memory (at most 500)', read: () => kpiCacheStats(db).entries },
    { name: 'accords_kpi_refreshed_total', help: 'KPI statements the refresher recomputed after writes since start', read: () => kpiCacheStats(db).refreshed },
  ],
};
