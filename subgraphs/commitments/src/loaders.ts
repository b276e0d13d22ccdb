import type { DataSource } from 'typeorm';
import { groupLoader, rowLoader, structuredLoader, type PageRequest } from '@accords/subgraph-kit';
import type { CommitmentEntity } from './db/entities';
import { CommitmentRepository, compareCommitments, type AgencyType, type ParentPageRow } from './repositories/commitments';

export type ParentKind = AgencyType | 'PARTNER';

export interface ParentPageKey {
  kind: ParentKind;
  id: string;
  page: PageRequest;
}

export function createLoaders(db: DataSource) {
  const commitments = new CommitmentRepository(db);
  const commitmentById = rowLoader((ids: readonly string[]) => commitments.findByIds(ids), (c) => c.id);
  const commitmentByCode = rowLoader((codes: readonly string[]) => commitments.findByCodes(codes), (c) => c.code);

  /**
   * Pages of commitments under many parents (ministries, localities, partners) at once: one windowed statement per
   * distinct (kind, page) in the batch, then one statement for all the commitments it names.
   */
  const pageByParent = structuredLoader<ParentPageKey, CommitmentEntity[]>(async (keys) => {
    const groups = new Map<string, ParentPageKey[]>();
    for (const key of keys) {
      const group = `${key.kind}|${JSON.stringify(key.page)}`;
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    const rowsByKey = new Map<ParentPageKey, ParentPageRow[]>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const { kind, page } = group[0];
        const ids = [...new Set(group.map((k) => k.id))];
        const rows = kind === 'PARTNER' ? await commitments.pageIdsByPartner(ids, page) : await commitments.pageIdsByLeadAgency(kind, ids, page);
        for (const key of group) rowsByKey.set(key, rows.filter((r) => r.parentId === key.id));
      }),
    );
    const all = await commitmentById.loadMany([...new Set([...rowsByKey.values()].flat().map((r) => r.commitmentId))]);
    const byId = new Map<string, CommitmentEntity>();
    for (const c of all) if (c && !(c instanceof Error)) byId.set(c.id, c);
    return keys.map((key) =>
      (rowsByKey.get(key) ?? [])
        .map((r) => byId.get(r.commitmentId))
        .filter((c): c is CommitmentEntity => c !== undefined)
        .sort(compareCommitments),
    );
  });

  /** Totals per parent, only fetched when a client asks for `totalCount`. */
  const countByParent = structuredLoader<{ kind: ParentKind; id: string }, number>(async (keys) => {
    const kinds = [...new Set(keys.map((k) => k.kind))];
    const counts = new Map<string, number>();
    await Promise.all(
      kinds.map(async (kind) => {
        const ids = [...new Set(keys.filter((k) => k.kind === kind).map((k) => k.id))];
        const map = kind === 'PARTNER' ? await commitments.countByPartner(ids) : await commitments.countByLeadAgency(kind, ids);
        for (const [id, n] of map) counts.set(`${kind}|${id}`, n);
      }),
    );
    return keys.map((k) => counts.get(`${k.kind}|${k.id}`) ?? 0);
  });

  return {
    repositories: { commitments },
    commitmentById,
    commitmentByCode,
    pageByParent,
    countByParent,
    partnersOf: groupLoader((ids: readonly string[]) => commitments.partnersOf(ids), (p) => p.commitmentId),
    fieldsOf: groupLoader((ids: readonly string[]) => commitments.fieldsOf(ids), (f) => f.commitmentId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
