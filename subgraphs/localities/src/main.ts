import { runSubgraphProcess } from '@accords/subgraph-kit';
import { localities } from './module';

runSubgraphProcess(localities, 4002).catch((error) => {
  console.error(error);
  process.exit(1);
});
