import { runSubgraphProcess } from '@accords/subgraph-kit';
import { __NAME__ } from './module';

// Configuration (PORT, DATABASE_URL, SEED, LOG_LEVEL, INTERNAL_IDENTITY_SECRET, PEER_<NAME>_URL) is read and checked by
// the kit; the process drains in-flight requests on SIGTERM.
runSubgraphProcess(__NAME__, __PORT__).catch((error) => {
  console.error(error);
  process.exit(1);
});
