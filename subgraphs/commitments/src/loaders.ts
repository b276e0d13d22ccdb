import type { DataSource } from 'typeorm';
import { groupLoader, rowLoader, structuredLoader } from '@accords/subgraph-kit';
import type { CommitmentEntity } from './db/entities';
import type { AuditEntryEntity } from './db/lifecycle-entities';
import DataLoader from 'dataloader';
import { LifecycleRepository } from './repositories/lifecycle';
import { DeliveryRepository, type AgencyReview } from './repositories/delivery';
import {
  ActionProgramEntity,
  FeedbackEntity,
  IndicatorEntity,
  IndicatorPeriodEntity,
  MilestoneEntity,
  ObstacleEntity,
  ProgressReportEntity,
  ResultEntity,
  ReviewDecisionEntity,
  ReviewEntity,
  ReviewEntryEntity,
} from './db/delivery-entities';
import { CommitmentRepository, compareCommitments, type AgencyType, type CommitmentPage, type ParentPageRow } from './repositories/commitments';
import { localityGroupLoaders } from './resolvers/locality-commitments';

export type ParentKind = AgencyType | 'PARTNER';

export interface ParentPageKey {
  kind: ParentKind;
  id: string;
  page: CommitmentPage;
}

export function createLoaders(db: DataSource) {
  const commitments = new CommitmentRepository(db);
  const commitmentById = rowLoader((ids: readonly string[]) => commitments.findByIds(ids), (c) => c.id);
  const commitmentByCode = rowLoader((codes: readonly string[]) => commitments.findByCodes(codes), (c) => c.code);

  /**
   * Pages of commitments under many parents (ministries, localities, partners) at once: one statement per distinct
   * (kind, page) in the batch (a UNION ALL of per-parent `ORDER BY sort_date DESC, code LIMIT page+1` arms on an
   * index, reading only the rows it returns), then one statement for all the commitments it names.
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

  /** Totals per parent, only fetched when a client asks for `totalCount`: one grouped COUNT per kind for the batch. */
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

  const lifecycle = new LifecycleRepository(db);
  const byCommitment = <V extends { commitmentId: string }>(fetch: (ids: readonly string[]) => Promise<V[]>) => groupLoader(fetch, (row: V) => row.commitmentId);

  return {
    repositories: { commitments, lifecycle },
    commitmentById,
    commitmentByCode,
    pageByParent,
    countByParent,
    /** Locality.commitments with inherited ones: a unit and its predecessors paged and counted as one list. */
    localityGroups: localityGroupLoaders(commitments, commitmentById),
    partnersOf: groupLoader((ids: readonly string[]) => commitments.partnersOf(ids), (p) => p.commitmentId),
    fieldsOf: groupLoader((ids: readonly string[]) => commitments.fieldsOf(ids), (f) => f.commitmentId),
    activityById: rowLoader((ids: readonly string[]) => lifecycle.activities(ids), (a) => a.id),
    commitmentsOfActivity: groupLoader((ids: readonly string[]) => lifecycle.commitmentsOfActivities(ids), (c) => c.activityId ?? ''),
    consultationById: rowLoader((ids: readonly string[]) => lifecycle.consultations(ids), (c) => c.id),
    assessmentById: rowLoader((ids: readonly string[]) => lifecycle.assessments(ids), (a) => a.id),
    consultationsOf: byCommitment((ids) => lifecycle.consultationsOf(ids)),
    assessmentsOf: byCommitment((ids) => lifecycle.assessmentsOf(ids)),
    partiesOf: byCommitment((ids) => lifecycle.partiesOf(ids)),
    relationsOf: byCommitment((ids) => lifecycle.relationsOf(ids)),
    documentsOf: byCommitment((ids) => lifecycle.documentsOf(ids)),
    legalEventsOf: byCommitment((ids) => lifecycle.legalEventsOf(ids)),
    /** Pages of audit trails: one statement per distinct (after, limit) in the batch, whatever the number of commitments. */
    historyPage: structuredLoader<{ commitmentId: string; afterId: number; limit: number }, AuditEntryEntity[]>(async (keys) => {
      const pages = new Map<string, AuditEntryEntity[]>();
      await Promise.all(
        [...new Set(keys.map((k) => `${k.afterId}|${k.limit}`))].map(async (group) => {
          const [afterId, limit] = group.split('|').map(Number);
          const ids = [...new Set(keys.filter((k) => k.afterId === afterId && k.limit === limit).map((k) => k.commitmentId))];
          for (const row of await lifecycle.historyPages(ids, afterId, limit)) {
            const key = `${row.commitmentId}|${group}`;
            pages.set(key, [...(pages.get(key) ?? []), row]);
          }
        }),
      );
      return keys.map((k) => pages.get(`${k.commitmentId}|${k.afterId}|${k.limit}`) ?? []);
    }),
    /** The working-day calendar, read once per request. */
    calendar: new DataLoader<'all', Awaited<ReturnType<LifecycleRepository['calendar']>>>(async (keys) => {
      const calendar = await lifecycle.calendar();
      return keys.map(() => calendar);
    }),
    delivery: createDeliveryLoaders(db),
  };
}

/**
 * A loader of rows per structured key that fetches once per group of keys (keys of one group differ only in their
 * parent), then gives each key the rows that `belong` to it: one statement per group, whatever the number of parents.
 */
function perGroup<K, V>(groupOf: (key: K) => string, fetch: (members: K[]) => Promise<V[]>, belongs: (row: V, key: K) => boolean) {
  return structuredLoader<K, V[]>(async (keys) => {
    const groups = new Map<string, K[]>();
    for (const key of keys) groups.set(groupOf(key), [...(groups.get(groupOf(key)) ?? []), key]);
    const found = new Map<string, V[]>();
    await Promise.all([...groups].map(async ([group, members]) => found.set(group, await fetch(members))));
    return keys.map((key) => (found.get(groupOf(key)) ?? []).filter((row) => belongs(row, key)));
  });
}

/** Loaders of the delivery records: one statement per loader per request, whatever the number of parents. */
function createDeliveryLoaders(db: DataSource) {
  const repo = new DeliveryRepository(db);
  const byId = <V extends { id: string }>(entity: new () => V) => rowLoader((ids: readonly string[]) => repo.where(entity, 'id', ids), (row: V) => row.id);
  const byCommitment = <V extends { commitmentId: string }>(entity: new () => V, order: Record<string, 'ASC' | 'DESC'>) =>
    groupLoader((ids: readonly string[]) => repo.where(entity, 'commitmentId', ids, order as never), (row: V) => row.commitmentId);
  return {
    repository: repo,
    programById: byId(ActionProgramEntity),
    milestoneById: byId(MilestoneEntity),
    resultById: byId(ResultEntity),
    indicatorById: byId(IndicatorEntity),
    periodById: byId(IndicatorPeriodEntity),
    reportById: byId(ProgressReportEntity),
    obstacleById: byId(ObstacleEntity),
    feedbackById: byId(FeedbackEntity),
    reviewById: byId(ReviewEntity),
    decisionById: byId(ReviewDecisionEntity),
    programsOf: byCommitment(ActionProgramEntity, { createdAt: 'ASC', id: 'ASC' }),
    milestonesOf: byCommitment(MilestoneEntity, { dueOn: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    resultsOf: byCommitment(ResultEntity, { createdAt: 'ASC', id: 'ASC' }),
    indicatorsOf: byCommitment(IndicatorEntity, { createdAt: 'ASC', id: 'ASC' }),
    periodsOf: byCommitment(IndicatorPeriodEntity, { periodStart: 'ASC', id: 'ASC' }),
    reportsOf: byCommitment(ProgressReportEntity, { periodStart: 'DESC', id: 'ASC' }),
    obstaclesOf: byCommitment(ObstacleEntity, { detectedAt: 'DESC', id: 'ASC' }),
    reviewEntriesOf: byCommitment(ReviewEntryEntity, { recordedAt: 'DESC', reviewId: 'ASC' }),
    entriesOfReview: groupLoader((ids: readonly string[]) => repo.where(ReviewEntryEntity, 'reviewId', ids, { commitmentId: 'ASC' }), (e) => e.reviewId),
    decisionsOfReview: groupLoader((ids: readonly string[]) => repo.where(ReviewDecisionEntity, 'reviewId', ids, { dueOn: 'ASC', id: 'ASC' }), (d) => d.reviewId),
    milestonesOfOfficial: groupLoader((ids: readonly string[]) => repo.where(MilestoneEntity, 'responsibleOfficialId', ids, { dueOn: 'ASC', id: 'ASC' }), (m) => m.responsibleOfficialId ?? ''),
    /** MINISTRY:<id> -> the opinions it still owes. */
    pendingOpinionsOf: groupLoader((consultees: readonly string[]) => repo.pendingConsultations(consultees), (c) => c.consultee),
    /** Programmes per owner agency and year: one statement per distinct year asked in the request. */
    programsOfOwner: structuredLoader<{ owner: string; year: number | null }, ActionProgramEntity[]>(async (keys) => {
      const years = [...new Set(keys.map((k) => k.year))];
      const rows = (await Promise.all(years.map((year) => repo.programsOfOwners([...new Set(keys.filter((k) => k.year === year).map((k) => k.owner))], year).then((r) => [year, r] as const)))).reduce(
        (map, [year, r]) => map.set(year, r),
        new Map<number | null, ActionProgramEntity[]>(),
      );
      return keys.map((k) => (rows.get(k.year) ?? []).filter((p) => p.ownerAgency === k.owner));
    }),
    /** The newest feedback about each locality: one statement per distinct (status, limit). */
    recentFeedbackOf: perGroup<{ localityId: string; status: string | null; limit: number }, FeedbackEntity>(
      (k) => `${k.status}|${k.limit}`,
      (members) => repo.recentFeedbackOfLocalities([...new Set(members.map((m) => m.localityId))], members[0].status, members[0].limit),
      (f, k) => f.localityId === k.localityId,
    ),
    /** The newest reviews of each ministry or locality: one statement per distinct (type, kind, limit). */
    reviewsOfAgency: perGroup<{ type: 'MINISTRY' | 'LOCALITY'; id: string; kind: string | null; limit: number }, AgencyReview>(
      (k) => `${k.type}|${k.kind}|${k.limit}`,
      (members) => repo.reviewsOfAgencies(members[0].type, [...new Set(members.map((m) => m.id))], members[0].kind, members[0].limit),
      (r, k) => r.parentId === k.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
