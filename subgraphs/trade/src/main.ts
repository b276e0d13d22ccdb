import { runSubgraphProcess } from '@accords/subgraph-kit';
import { trade } from './module';

// Configuration (PORT, DATABASE_URL, SEED, LOG_LEVEL, INTERNAL_IDENTITY_SECRET, PEER_<NAME>_URL) is read and checked by
// the kit; the process drains in-flight requests on SIGTERM.
runSubgraphProcess(trade, 4005).catch((error) => {
  console.error(error);
  process.exit(1);
});
