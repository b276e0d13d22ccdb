import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { AuthorityDelegationEntity, CentralBodyEntity, MinistryUnitEntity, OfficialEntity } from './db/entities';
import centralBodies from './data/central-bodies.json';
import units from './data/units.json';
import officials from './data/officials.json';
import signingRules from './data/signing-rules.json';
import { signingRuleSets } from './repositories/signing-rules';
import type { RuleSet } from '@accords/rules';

/** A stable UUID-shaped id for a record of a data file, derived from its key, so re-seeding never duplicates. */
export function stableIdFor(kind: string, key: string): string {
  const h = createHash('sha1').update(`accords-ministries:${kind}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const officialIdFor = (key: string) => stableIdFor('official', key);
export const delegationIdFor = (key: string) => stableIdFor('delegation', key);

/**
 * Publishes signing rule-set versions for central bodies and their units (idempotent by version): a new legal regime
 * is a new version with its effective date, added as data. The seed publishes `data/signing-rules.json`; operators and
 * tests can publish more with this function, with no code change.
 */
export async function publishRuleSet(db: DataSource, ruleSet: RuleSet | RuleSet[]): Promise<void> {
  await signingRuleSets(db).publish(Array.isArray(ruleSet) ? ruleSet : [ruleSet]);
}

/**
 * Loads the central bodies, their units and the signing rule sets from the versioned data files and, with `demo`, the
 * demo officials and delegations; re-running changes nothing.
 */
export async function seed(db: DataSource, options: { demo: boolean; logger?: Logger }): Promise<void> {
  const rows = centralBodies.bodies.map((b) =>
    Object.assign(new CentralBodyEntity(), {
      id: b.id,
      kind: b.kind,
      nameVi: b.nameVi,
      nameEn: b.nameEn,
      abbreviation: b.abbreviation ?? null,
      searchText: foldForSearch(`${b.id} ${b.abbreviation ?? ''} ${b.nameVi} ${b.nameEn}`),
      validFrom: b.validFrom ?? null,
      validTo: ('validTo' in b ? b.validTo : null) ?? null,
      successorId: ('successorId' in b ? b.successorId : null) ?? null,
    }),
  );
  const unitRows = units.units.map((u) =>
    Object.assign(new MinistryUnitEntity(), {
      id: u.id,
      ministryId: u.ministryId,
      kind: u.kind,
      nameVi: u.nameVi,
      nameEn: u.nameEn,
      searchText: foldForSearch(`${u.id} ${u.nameVi} ${u.nameEn}`),
      validFrom: u.validFrom ?? null,
      validTo: ('validTo' in u ? (u as { validTo?: string | null }).validTo : null) ?? null,
    }),
  );
  await withTransaction(db, async (m) => {
    const bodies = await syncReferenceRows(m, CentralBodyEntity, rows, 'id');
    options.logger?.info({ ...bodies, dataVersion: centralBodies.version }, 'Central bodies loaded');
    const loaded = await syncReferenceRows(m, MinistryUnitEntity, unitRows, 'id');
    options.logger?.info({ ...loaded, dataVersion: units.version }, 'Ministry units loaded');
  });
  const rules = await signingRuleSets(db).publish(signingRules.ruleSets);
  options.logger?.info({ ruleSets: rules }, 'Signing rule sets loaded');
  if (!options.demo) return;

  const officialRows = officials.officials.map((o) =>
    Object.assign(new OfficialEntity(), {
      id: officialIdFor(o.key),
      fullName: o.fullName,
      positionVi: o.positionVi,
      positionEn: o.positionEn ?? null,
      ministryId: o.ministryId,
      unitId: o.unitId ?? null,
      active: o.active,
      searchText: foldForSearch(`${o.fullName} ${o.positionVi} ${o.positionEn ?? ''}`),
    }),
  );
  const delegationRows = officials.delegations.map((d) =>
    Object.assign(new AuthorityDelegationEntity(), {
      id: delegationIdFor(d.key),
      ministryId: d.ministryId,
      delegatorOfficialId: officialIdFor(d.delegator),
      delegateOfficialId: officialIdFor(d.delegate),
      scope: d.scope,
      instrumentScope: d.instrumentScope ?? null,
      validFrom: d.validFrom,
      validTo: d.validTo ?? null,
      legalBasis: d.legalBasis,
    }),
  );
  await withTransaction(db, async (m) => {
    const people = await syncReferenceRows(m, OfficialEntity, officialRows, 'id');
    const delegations = await syncReferenceRows(m, AuthorityDelegationEntity, delegationRows, 'id');
    options.logger?.info({ officials: people, delegations, dataVersion: officials.version }, 'Demo officials and delegations loaded');
  });
}
