import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import type { SubgraphModule } from '@accords/subgraph-kit';

export const allModules = [ministries, localities, partners, commitments] as SubgraphModule<unknown>[];
export { commitments, localities, ministries, partners };
