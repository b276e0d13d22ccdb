import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { childPageLoader, groupLoader, rowLoader, type ChildPageKey } from '@accords/subgraph-kit';
import type { MinistryUnitEntity, OfficialEntity } from './db/entities';
import { CentralBodyRepository } from './repositories/central-bodies';
import { MinistryUnitRepository } from './repositories/units';
import { OfficialRepository } from './repositories/officials';
import { AuthorityDelegationRepository } from './repositories/delegations';
import { signingRuleSets } from './repositories/signing-rules';
import type { RuleSet } from '@accords/rules';

/** A page of one central body's officials; inactive ones only when asked for. */
export interface OfficialsKey extends ChildPageKey {
  activeOnly: boolean;
}

export function createLoaders(db: DataSource) {
  const centralBodies = new CentralBodyRepository(db);
  const units = new MinistryUnitRepository(db);
  const officials = new OfficialRepository(db);
  const delegations = new AuthorityDelegationRepository(db);
  const ruleSets = signingRuleSets(db);
  return {
    repositories: { centralBodies, units, officials, delegations, ruleSets },
    centralBody: rowLoader((ids: readonly string[]) => centralBodies.findByIds(ids), (b) => b.id),
    unit: rowLoader((ids: readonly string[]) => units.findByIds(ids), (u) => u.id),
    delegation: rowLoader((ids: readonly string[]) => delegations.findByIds(ids), (d) => d.id),
    official: rowLoader((ids: readonly string[]) => officials.findByIds(ids), (o) => o.id),
    /** Units per central body and page: one statement for the whole batch, pages cut in memory. */
    unitsOf: childPageLoader<MinistryUnitEntity>((ids) => units.findOfMinistries(ids), (u) => u.ministryId),
    /** Officials per central body and page; inactive officials are fetched only when some key asks for them. */
    officialsOf: childPageLoader<OfficialEntity, OfficialsKey>(
      (ids, keys) => officials.findOfMinistries(ids, keys.every((k) => k.activeOnly)),
      (o) => o.ministryId,
      (o, key) => !key.activeOnly || Boolean(o.active),
    ),
    /** Delegations received, per delegate official: one statement for the batch. */
    delegationsReceived: groupLoader((ids: readonly string[]) => delegations.findReceivedBy(ids), (d) => d.delegateOfficialId),
    /** Every published signing rule set, read once per request whatever the number of bodies and units asked about. */
    ruleSets: new DataLoader<'all', RuleSet[]>(async (keys) => {
      const all = await ruleSets.all();
      return keys.map(() => all);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
