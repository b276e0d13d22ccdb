import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { trade } from '@accords/trade';
import type { SubgraphModule } from '@accords/subgraph-kit';

export const allModules = [ministries, localities, partners, commitments, trade] as SubgraphModule<unknown>[];
export { commitments, localities, ministries, partners, trade };
