import type DataLoader from 'dataloader';
import { structuredLoader, toConnection } from '@accords/subgraph-kit';
import type { CommitmentEntity } from '../db/entities';
import type { LocalityCommitmentsArgs } from '../generated/resolvers-types';
import type { Context, LocalityParent } from './mappers';
import { commitmentPage, compareCommitments, cursorOf, type CommitmentPage, type CommitmentRepository } from '../repositories/commitments';

/** A unit and the units merged into it, for one page. */
export interface GroupKey {
  id: string;
  leadIds: string[];
  page: CommitmentPage;
}

/**
 * Pages and totals of the commitments led by a unit or by its predecessors (units merged into it, which the
 * localities subgraph names through `@requires(fields: "predecessors { id }")`): one statement per page shape for the
 * whole batch (per-lead arms joined by UNION ALL, each reading at most a page), then one for the commitments it names. Created per request with the other loaders.
 */
export function localityGroupLoaders(commitments: CommitmentRepository, commitmentById: DataLoader<string, CommitmentEntity | null>) {
  const pages = structuredLoader<GroupKey, CommitmentEntity[]>(async (keys) => {
    const byPage = new Map<string, GroupKey[]>();
    for (const key of keys) byPage.set(JSON.stringify(key.page), [...(byPage.get(JSON.stringify(key.page)) ?? []), key]);
    const rowsByKey = new Map<GroupKey, string[]>();
    await Promise.all(
      [...byPage.values()].map(async (group) => {
        const groups = [...new Map(group.map((k) => [k.id, { parentId: k.id, leadIds: k.leadIds }])).values()];
        const rows = await commitments.pageIdsByLeadGroups('LOCALITY', groups, group[0].page);
        for (const key of group) rowsByKey.set(key, rows.filter((r) => r.parentId === key.id).map((r) => r.commitmentId));
      }),
    );
    const all = await commitmentById.loadMany([...new Set([...rowsByKey.values()].flat())]);
    const byId = new Map<string, CommitmentEntity>();
    for (const c of all) if (c && !(c instanceof Error)) byId.set(c.id, c);
    return keys.map((key) => (rowsByKey.get(key) ?? []).map((id) => byId.get(id)).filter((c): c is CommitmentEntity => c !== undefined).sort(compareCommitments));
  });
  const counts = structuredLoader<{ id: string; leadIds: string[] }, number>(async (keys) => {
    const groups = [...new Map(keys.map((k) => [k.id, { parentId: k.id, leadIds: k.leadIds }])).values()];
    const map = await commitments.countByLeadGroups('LOCALITY', groups);
    return keys.map((k) => map.get(k.id) ?? 0);
  });
  return { pages, counts };
}

/**
 * `Locality.commitments`: the commitments the unit leads and, unless `includeInherited` is false, those its
 * predecessors led (agreements of a merged province or an abolished district pass to its successor; Decree
 * 177/2025/ND-CP for districts). Each edge's `inheritedFrom` names the predecessor that led an inherited one.
 */
export async function localityCommitments(
  parent: LocalityParent,
  args: LocalityCommitmentsArgs,
  ctx: Context,
) {
  const page = commitmentPage(args);
  const inherited = args.includeInherited === false ? [] : [...new Set((parent.predecessors ?? []).map((p) => p.id))].filter((id) => id !== parent.id);
  const leadIds = [parent.id, ...inherited];
  const rows = inherited.length === 0 ? await ctx.loaders.pageByParent.load({ kind: 'LOCALITY', id: parent.id, page }) : await ctx.loaders.localityGroups.pages.load({ id: parent.id, leadIds, page });
  const connection = toConnection(rows, page, cursorOf);
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({
      ...edge,
      inheritedFrom: edge.node.leadAgencyId !== parent.id ? { __typename: 'Locality' as const, id: edge.node.leadAgencyId } : null,
    })),
    totalCount: () =>
      inherited.length === 0 ? ctx.loaders.countByParent.load({ kind: 'LOCALITY', id: parent.id }) : ctx.loaders.localityGroups.counts.load({ id: parent.id, leadIds }),
  };
}
