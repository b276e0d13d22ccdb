import { runSubgraphProcess } from '@accords/subgraph-kit';
import { partners } from './module';

runSubgraphProcess(partners, 4003).catch((error) => {
  console.error(error);
  process.exit(1);
});
