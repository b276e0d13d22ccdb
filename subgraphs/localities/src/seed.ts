import type { DataSource } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { LocalAuthorityDelegationEntity, LocalOfficialEntity, LocalityEntity, LocalityVersionEntity, ProvincialDepartmentEntity } from './db/entities';
import localitiesData from './data/localities.json';
import departments from './data/departments.json';
import demoOfficials from './data/demo-officials.json';
import signingRules from './data/signing-rules.json';
import { signingRuleSets } from './repositories/signing-rules';
import type { RuleSet } from '@accords/rules';

/**
 * Publishes signing rule-set versions (idempotent by version): a new legal regime is a new version with its effective
 * date, added as data. The seed publishes the versions in `data/signing-rules.json`; operators and tests can publish
 * more with this function, with no code change.
 */
export async function publishRuleSet(db: DataSource, ruleSet: RuleSet | RuleSet[]): Promise<void> {
  await signingRuleSets(db).publish(Array.isArray(ruleSet) ? ruleSet : [ruleSet]);
}

/** One dated version of a unit in `data/localities.json`. */
interface VersionRecord {
  code: string;
  level: string;
  nameVi: string;
  nameEn: string;
  borderTypes: string[];
  validFrom: string | null;
  validTo: string | null;
  source: string;
}

/** One unit in `data/localities.json`: its identity and current state, its source, and its dated versions. */
interface LocalityRecord {
  id: string;
  level: string;
  nameVi: string;
  nameEn: string;
  provinceId: string | null;
  borderTypes: string[];
  borderLegalBasis: string | null;
  validFrom: string | null;
  validTo: string | null;
  mergedIntoId: string | null;
  source: string;
  versions: VersionRecord[];
}

const localities = localitiesData as { version: string; localities: LocalityRecord[] };

/** Loads the administrative units from the versioned data file; re-running changes nothing. */
export async function seed(db: DataSource, options: { demo?: boolean; logger?: Logger }): Promise<void> {
  const rows = localities.localities.map((l) =>
    Object.assign(new LocalityEntity(), {
      id: l.id,
      level: l.level,
      nameVi: l.nameVi,
      nameEn: l.nameEn,
      provinceId: l.provinceId ?? null,
      isBorder: l.borderTypes.length > 0,
      // Deprecated single value: LAND when the unit has both borders, as before.
      borderType: l.borderTypes.includes('LAND') ? 'LAND' : (l.borderTypes[0] ?? null),
      borderTypes: l.borderTypes.length ? l.borderTypes.join(',') : null,
      borderLegalBasis: l.borderLegalBasis ?? null,
      // Every code the unit has held is searchable (10 finds Lào Cai as well as 15).
      searchText: foldForSearch([l.id, ...new Set(l.versions.map((v) => v.code)), ...new Set(l.versions.map((v) => v.nameVi)), l.nameEn].join(' ')),
      validFrom: l.validFrom ?? null,
      validTo: l.validTo ?? null,
      mergedIntoId: l.mergedIntoId ?? null,
      source: l.source,
    }),
  );
  const versionRows = localities.localities.flatMap((l) =>
    l.versions.map((v) =>
      Object.assign(new LocalityVersionEntity(), {
        id: `${l.id}:${v.validFrom ?? 'origin'}`,
        localityId: l.id,
        code: v.code,
        level: v.level,
        nameVi: v.nameVi,
        nameEn: v.nameEn,
        borderTypes: v.borderTypes.length ? v.borderTypes.join(',') : null,
        validFrom: v.validFrom ?? null,
        validTo: v.validTo ?? null,
        source: v.source,
      }),
    ),
  );
  const [result, versions] = await withTransaction(db, async (m) => [
    await syncReferenceRows(m, LocalityEntity, rows, 'id'),
    await syncReferenceRows(m, LocalityVersionEntity, versionRows, 'id'),
  ]);
  options.logger?.info({ ...result, versions, dataVersion: localities.version }, 'Localities loaded');

  const departmentRows = departments.departments.map((d) =>
    Object.assign(new ProvincialDepartmentEntity(), {
      id: d.id,
      provinceId: d.provinceId,
      kind: d.kind,
      nameVi: d.nameVi,
      nameEn: d.nameEn,
      searchText: foldForSearch(`${d.id} ${d.nameVi} ${d.nameEn}`),
      validFrom: d.validFrom ?? null,
      validTo: d.validTo ?? null,
    }),
  );
  const departmentResult = await withTransaction(db, (m) =>
    syncReferenceRows(m, ProvincialDepartmentEntity, departmentRows, 'id'),
  );
  const rules = await signingRuleSets(db).publish(signingRules.ruleSets);
  options.logger?.info({ departments: departmentResult, ruleSets: rules }, 'Provincial departments and signing rule sets loaded');
  if (!options.demo) return;
  const officialRows = demoOfficials.officials.map((o) =>
    Object.assign(new LocalOfficialEntity(), {
      id: o.id,
      fullName: o.fullName,
      positionVi: o.positionVi,
      positionEn: o.positionEn ?? null,
      localityId: o.localityId,
      departmentId: o.departmentId ?? null,
      active: o.active,
      searchText: foldForSearch(`${o.fullName} ${o.positionVi} ${o.positionEn ?? ''}`),
    }),
  );
  const delegationRows = demoOfficials.delegations.map((d) =>
    Object.assign(new LocalAuthorityDelegationEntity(), {
      id: d.id,
      localityId: d.localityId,
      delegatorOfficialId: d.delegator,
      delegateOfficialId: d.delegate,
      scope: d.scope,
      instrumentScope: d.instrumentScope ?? null,
      validFrom: d.validFrom,
      validTo: d.validTo ?? null,
      legalBasis: d.legalBasis,
    }),
  );
  const [officials, delegations] = await withTransaction(db, async (m) => [
    await syncReferenceRows(m, LocalOfficialEntity, officialRows, 'id'),
    await syncReferenceRows(m, LocalAuthorityDelegationEntity, delegationRows, 'id'),
  ]);
  options.logger?.info({ officials, delegations }, 'Demo local officials and delegations loaded');
}
