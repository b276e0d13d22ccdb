import { runSubgraphProcess } from '@accords/subgraph-kit';
import { ministries } from './module';

runSubgraphProcess(ministries, 4001).catch((error) => {
  console.error(error);
  process.exit(1);
});
