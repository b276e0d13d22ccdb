import { createHash } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditEntryEntity } from '../db/lifecycle-entities';

/**
 * The audit trail as a hash chain, one chain per commitment: each entry stores the previous entry's hash and a
 * SHA-256 over that hash and its own canonical content. The database refuses UPDATE and DELETE on `audit_entry`
 * (grants and triggers); the chain makes tampering by someone who can bypass both (a DBA dropping the trigger)
 * detectable: `verifyAuditTrail` recomputes the chain and names the first entry that does not match.
 *
 * Entries with no commitment (none are written today) are not chained: each gets a hash over its own content with
 * `prev_hash` null, so an edit is detected but a deletion is not.
 *
 * Concurrency: two transactions appending to the same commitment's chain must not both read the same head. On MySQL
 * the commitment rows are locked (`FOR UPDATE`) before the heads are read, whatever path the write took; the embedded
 * engine has one connection, so its transactions never interleave.
 */

/** `at` is stored at second precision (MySQL DATETIME); the chain hashes the stored value, so it is truncated first. */
export function auditInstant(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** The entry's content in a fixed order; the database id is not part of it (it is assigned on insert). */
function canonical(entry: AuditEntryEntity, prevHash: string | null): string {
  return JSON.stringify([
    prevHash,
    entry.commitmentId,
    entry.entityType,
    entry.entityId,
    entry.action,
    entry.actorSubject,
    entry.actorName ?? null,
    entry.actorAgency ?? null,
    entry.requestId,
    auditInstant(new Date(entry.at)).toISOString(),
    entry.changes,
  ]);
}

export function auditHash(entry: AuditEntryEntity, prevHash: string | null): string {
  return createHash('sha256').update(canonical(entry, prevHash)).digest('hex');
}

/** Appends entries (in the caller's transaction), chaining each to the last entry of its commitment. */
export async function appendAuditEntries(manager: EntityManager, entries: AuditEntryEntity[]): Promise<void> {
  if (!entries.length) return;
  const commitmentIds = [...new Set(entries.map((e) => e.commitmentId).filter((id): id is string => id !== null))];
  const heads = new Map<string, string | null>();
  if (commitmentIds.length) {
    if (manager.connection.options.type !== 'sqljs') {
      await manager.query(`SELECT id FROM commitment WHERE id IN (${commitmentIds.map(() => '?').join(', ')}) FOR UPDATE`, commitmentIds);
    }
    // The head of each chain: the entry with the highest id per commitment, in one statement.
    const rows = (await manager.query(
      `SELECT a.commitment_id AS commitmentId, a.hash AS hash FROM audit_entry a
        WHERE a.id IN (SELECT MAX(b.id) FROM audit_entry b WHERE b.commitment_id IN (${commitmentIds.map(() => '?').join(', ')}) GROUP BY b.commitment_id)`,
      commitmentIds,
    )) as { commitmentId: string; hash: string | null }[];
    for (const row of rows) heads.set(row.commitmentId, row.hash);
  }
  for (const entry of entries) {
    entry.at = auditInstant(entry.at);
    const prev = entry.commitmentId === null ? null : (heads.get(entry.commitmentId) ?? null);
    entry.prevHash = prev;
    entry.hash = auditHash(entry, prev);
    if (entry.commitmentId !== null) heads.set(entry.commitmentId, entry.hash);
  }
  await manager.insert(AuditEntryEntity, entries);
}

export interface AuditVerification {
  commitmentId: string;
  ok: boolean;
  entriesChecked: number;
  /** The first entry whose stored hashes do not match the recomputed chain (edited, reordered, or its predecessor removed). */
  firstBrokenEntryId: number | null;
  problem: string | null;
}

/** Recomputes a commitment's chain from its first entry. */
export async function verifyAuditChain(db: DataSource | EntityManager, commitmentId: string): Promise<AuditVerification> {
  const manager = 'manager' in db ? db.manager : db;
  const entries = await manager.find(AuditEntryEntity, { where: { commitmentId: In([commitmentId]) }, order: { id: 'ASC' } });
  let prev: string | null = null;
  let checked = 0;
  for (const entry of entries) {
    checked++;
    const broken = (problem: string): AuditVerification => ({ commitmentId, ok: false, entriesChecked: checked, firstBrokenEntryId: entry.id, problem });
    if (!entry.hash) return broken(`entry ${entry.id} has no hash`);
    if ((entry.prevHash ?? null) !== prev) return broken(`entry ${entry.id} does not follow the entry before it (an entry was removed, inserted or reordered)`);
    if (auditHash(entry, prev) !== entry.hash) return broken(`entry ${entry.id} was changed after it was written (its content no longer matches its hash)`);
    prev = entry.hash;
  }
  return { commitmentId, ok: true, entriesChecked: checked, firstBrokenEntryId: null, problem: null };
}
