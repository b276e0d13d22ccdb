import { In, type DataSource, type EntityManager } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { encodeGroupings, GroupingEntity, PartnerEntity, PartnerFrameworkEventEntity } from './db/entities';
import partnersData from './data/partners.json';
import historyData from './data/framework-history.json';
import groupingsData from './data/groupings.json';
import { UNSOURCED_FRAMEWORK_EVENT } from './repositories/frameworks';

/** One entry of the versioned data file. */
interface PartnerRecord {
  id: string;
  kind: string;
  nameVi: string;
  nameEn: string;
  isoAlpha3: string | null;
  parentId: string | null;
  framework: string | null;
  frameworkSince: string | null;
  groupings: string[];
}

interface FrameworkEventRecord {
  framework: string;
  since: string;
  note: string | null;
  /** The joint statement or declaration, where and when its text was published; absent when none is cited. */
  source?: string | null;
}

/**
 * The dated framework history per partner, oldest first. Fails loudly when the data file is out of order, names an
 * unknown partner, or disagrees with the framework recorded in partners.json (which is then derived from it anyway).
 */
export function frameworkHistory(records: PartnerRecord[] = partnersData.partners): Map<string, FrameworkEventRecord[]> {
  const byId = new Map(records.map((p) => [p.id, p]));
  const history = new Map<string, FrameworkEventRecord[]>();
  for (const [partnerId, events] of Object.entries(historyData.history as Record<string, FrameworkEventRecord[]>)) {
    const partner = byId.get(partnerId);
    if (!partner) throw new Error(`framework-history.json names unknown partner ${partnerId}`);
    for (let i = 1; i < events.length; i++) {
      if (events[i - 1].since >= events[i].since) throw new Error(`framework-history.json: events of ${partnerId} are not in date order`);
    }
    const latest = events[events.length - 1];
    if (latest && partner.framework !== null && (partner.framework !== latest.framework || (partner.frameworkSince ?? latest.since) !== latest.since)) {
      throw new Error(`partners.json gives ${partnerId} ${partner.framework} since ${partner.frameworkSince}, but its history ends with ${latest.framework} since ${latest.since}`);
    }
    history.set(partnerId, events);
  }
  return history;
}

/**
 * Deletes the framework events the data file no longer has (ids are `<partner>-<date>`) and returns how many: one
 * read, and a write only when there is something to remove, so a re-run writes nothing.
 */
async function removeEventsNotIn(m: EntityManager, ids: string[]): Promise<number> {
  const keep = new Set(ids);
  const stored = await m.getRepository(PartnerFrameworkEventEntity).find({ select: { id: true } });
  const stale = stored.map((e) => e.id).filter((id) => !keep.has(id));
  if (stale.length) await m.getRepository(PartnerFrameworkEventEntity).delete({ id: In(stale) });
  return stale.length;
}

/** Loads groupings, partners and their framework history from the versioned data files; re-running changes nothing. */
export async function seed(db: DataSource, options: { logger?: Logger }): Promise<void> {
  const records: PartnerRecord[] = partnersData.partners;
  const history = frameworkHistory(records);
  const groupings = groupingsData.groupings.map((g) => Object.assign(new GroupingEntity(), { code: g.code, nameVi: g.nameVi, nameEn: g.nameEn, kind: g.kind }));
  const known = new Set(groupings.map((g) => g.code));
  for (const p of records) {
    for (const code of p.groupings) if (!known.has(code)) throw new Error(`partners.json: ${p.id} names grouping ${code}, which groupings.json does not define`);
  }
  const rows = records.map((p) => {
    const latest = history.get(p.id)?.at(-1);
    return Object.assign(new PartnerEntity(), {
      id: p.id,
      kind: p.kind,
      nameVi: p.nameVi,
      nameEn: p.nameEn,
      isoAlpha3: p.isoAlpha3 ?? null,
      parentId: p.parentId ?? null,
      // The latest dated event, so the current framework and the history cannot disagree; partners.json only for
      // a partner with no dated history.
      framework: latest ? latest.framework : (p.framework ?? null),
      frameworkSince: latest ? latest.since : (p.frameworkSince ?? null),
      groupings: encodeGroupings(p.groupings),
      searchText: foldForSearch(`${p.id} ${p.isoAlpha3 ?? ''} ${p.nameVi} ${p.nameEn}`),
    });
  });
  const events = [...history].flatMap(([partnerId, list]) =>
    list.map((e) =>
      Object.assign(new PartnerFrameworkEventEntity(), {
        id: `${partnerId}-${e.since}`,
        partnerId,
        framework: e.framework,
        since: e.since,
        note: e.note ?? null,
        source: e.source?.trim() || UNSOURCED_FRAMEWORK_EVENT,
      }),
    ),
  );
  const result = await withTransaction(db, async (m) => ({
    groupings: await syncReferenceRows(m, GroupingEntity, groupings, 'code'),
    partners: await syncReferenceRows(m, PartnerEntity, rows, 'id'),
    frameworkEvents: await syncReferenceRows(m, PartnerFrameworkEventEntity, events, 'id'),
    // The history is the data file's alone: an event whose date a correction moved (its id is partner and date) is
    // removed, or the partner would keep both dates.
    frameworkEventsRemoved: await removeEventsNotIn(m, events.map((e) => e.id)),
  }));
  options.logger?.info({ ...result, dataVersion: partnersData.version, historyVersion: historyData.version }, 'Partners loaded');
}
