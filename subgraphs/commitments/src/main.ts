import { runSubgraphProcess } from '@accords/subgraph-kit';
import { commitments } from './module';

runSubgraphProcess(commitments, 4004).catch((error) => {
  console.error(error);
  process.exit(1);
});
