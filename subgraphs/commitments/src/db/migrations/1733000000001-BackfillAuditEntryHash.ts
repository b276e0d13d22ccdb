import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AuditEntryEntity } from '../lifecycle-entities';
import { auditHash, auditInstant } from '../../services/audit-chain';

/**
 * Chains the entries written before the chain existed (data only, no DDL), in id order per commitment. It runs
 * before the append-only triggers exist: after them, no UPDATE of an audit entry is possible. Re-runnable: entries
 * that already carry a hash are left as they are and continue the chain.
 */
export class BackfillAuditEntryHash1733000000001 implements MigrationInterface {
  name = 'BackfillAuditEntryHash1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Only the columns that exist at this point of the history (a later migration may add others).
    const rows = await queryRunner.manager.find(AuditEntryEntity, {
      select: ['id', 'commitmentId', 'entityType', 'entityId', 'action', 'actorSubject', 'actorName', 'actorAgency', 'requestId', 'at', 'changes', 'prevHash', 'hash'],
      order: { id: 'ASC' },
    });
    const heads = new Map<string, string | null>();
    for (const row of rows) {
      const key = row.commitmentId;
      const prev = key === null ? null : (heads.get(key) ?? null);
      if (!row.hash) {
        row.at = auditInstant(new Date(row.at));
        const hash = auditHash(row, prev);
        await queryRunner.manager.update(AuditEntryEntity, { id: row.id }, { prevHash: prev, hash, at: row.at });
        row.hash = hash;
      }
      if (key !== null) heads.set(key, row.hash);
    }
  }

  async down(): Promise<void> {
    // The hashes go with their columns (AddAuditEntryHash's down).
  }
}
