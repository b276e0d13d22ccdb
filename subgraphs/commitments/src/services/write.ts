import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { conflict, notFound } from '@accords/errors';
import { requireSignedIn, type Identity } from '@accords/auth';
import { withTransaction } from '@accords/db';
import type { BaseContext } from '@accords/subgraph-kit';
import { CommitmentEntity } from '../db/entities';
import { AuditEntryEntity } from '../db/lifecycle-entities';
import { formatRef } from '../domain/agency';
import { appendAuditEntries } from './audit-chain';

/** Fields never worth an audit line: bookkeeping that changes on every write. */
const NOT_AUDITED = new Set(['version', 'updatedAt', 'searchText']);

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/** { field: { before, after } } for the fields that differ. */
export function diff(before: ObjectLiteral | null, after: ObjectLiteral | null): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const field of fields) {
    if (NOT_AUDITED.has(field)) continue;
    const b = plain(before?.[field]);
    const a = plain(after?.[field]);
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[field] = { before: b, after: a };
  }
  return changes;
}

/**
 * One unit of work on commitment records: the transaction's manager, who acts, and the audit lines it owes. The
 * audit lines are written last, in the same transaction: a failure anywhere leaves neither the change nor its entry.
 */
export class WriteScope {
  private readonly entries: AuditEntryEntity[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly actor: Identity,
    private readonly requestId: string,
    /** The request clock's instant (ctx.clock.now()): one "now" for every row and audit line of the write. */
    readonly now: Date,
  ) {}

  audit(entry: { commitmentId: string | null; entityType: string; entityId: string; action: 'CREATE' | 'UPDATE' | 'DELETE' | 'TRANSITION'; before: ObjectLiteral | null; after: ObjectLiteral | null }) {
    const changes = diff(entry.before, entry.after);
    if (entry.action === 'UPDATE' && Object.keys(changes).length === 0) return;
    this.entries.push(
      Object.assign(new AuditEntryEntity(), {
        commitmentId: entry.commitmentId,
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        actorSubject: this.actor.subject,
        actorName: this.actor.name ?? null,
        actorAgency: this.actor.agency ? formatRef(this.actor.agency) : null,
        requestId: this.requestId,
        at: this.now,
        changes: JSON.stringify(changes),
      }),
    );
  }

  /** The hash of the last audit entry written: proof, readable after the fact, that this unit of work committed. */
  receipt: string | null = null;

  async flush(): Promise<void> {
    // Chained per commitment (audit-chain.ts); the database refuses any later UPDATE or DELETE of these rows.
    if (this.entries.length) {
      await appendAuditEntries(this.manager, this.entries);
      this.receipt = this.entries[this.entries.length - 1].hash ?? null;
    }
    this.entries.length = 0;
  }
}

/**
 * Every audited write's unit of work: one transaction (deadlocks retried), the audit lines flushed last. If the
 * database connection breaks while COMMIT is in flight, the last audit entry's hash is the receipt `withTransaction`
 * looks for once the database answers again, so the caller hears "saved" or "not saved", never a guess.
 */
export function auditedWrite<T>(ctx: BaseContext<unknown>, actor: Identity, work: (scope: WriteScope) => Promise<T>): Promise<T> {
  let scope: WriteScope | undefined;
  return withTransaction(
    ctx.db,
    async (manager) => {
      scope = new WriteScope(manager, actor, ctx.requestId, ctx.clock.now());
      const result = await work(scope);
      await scope.flush();
      return result;
    },
    {
      verifyCommitted: async (db) => {
        const receipt = scope?.receipt;
        return receipt ? (await db.query('SELECT 1 AS found FROM audit_entry WHERE hash = ?', [receipt])).length > 0 : false;
      },
    },
  );
}

/** Fails with CONFLICT when the caller's version is not the current one: no silent overwrite. */
export function expectVersion(kind: string, id: string, current: number, expected: number): void {
  if (current !== expected) {
    throw conflict(`${kind} ${id} was changed by someone else since you read it (you sent version ${expected}, it is now ${current}); reload it and apply your change again.`, {
      currentVersion: current,
    });
  }
}

/** A row under optimistic concurrency: an id and a version column that every UPDATE increments. */
export type Versioned = ObjectLiteral & { id: string; version: number };

const changedMeanwhile = (kind: string, id: string, version: number) =>
  conflict(`${kind} ${id} was changed or removed by someone else while your change was being written (version ${version} is no longer current); reload it and apply your change again.`, {
    expectedVersion: version,
  });

/**
 * The one UPDATE of a versioned row, used by every write: matched on the id and the version read (TypeORM adds
 * `version = version + 1`), and CONFLICT when it matched no row — the row changed or went since it was read. Nothing is
 * committed then: the transaction rolls back with the error. `expectVersion` gives the precise message when the
 * difference shows on reading; this catches what reading cannot (a writer the commitment lock did not serialise).
 */
export async function updateVersioned<T extends Versioned>(scope: WriteScope, entity: EntityTarget<T>, kind: string, before: T, changes: Partial<T>): Promise<void> {
  const result = await scope.manager.update(entity, { id: before.id, version: before.version } as unknown as FindOptionsWhere<T>, changes as never);
  if (result.affected !== 1) throw changedMeanwhile(kind, before.id, before.version);
}

/** The one DELETE of a versioned row: matched on the id and the version read, CONFLICT when it matched no row. */
export async function deleteVersioned<T extends Versioned>(scope: WriteScope, entity: EntityTarget<T>, kind: string, before: T): Promise<void> {
  const result = await scope.manager.delete(entity, { id: before.id, version: before.version } as unknown as FindOptionsWhere<T>);
  if (result.affected !== 1) throw changedMeanwhile(kind, before.id, before.version);
}

/** Reads a commitment for update: on MySQL the row stays locked until the transaction ends, serialising writers. */
export async function lockCommitment(manager: EntityManager, id: string): Promise<CommitmentEntity> {
  const embedded = manager.connection.options.type === 'sqljs';
  const row = await manager.findOne(CommitmentEntity, { where: { id }, ...(embedded ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
  if (!row) throw notFound('Commitment', id);
  return row;
}

/**
 * Runs a write on one commitment's records: signed in, in one transaction (retried on deadlock), with the commitment
 * row locked, `authorize` deciding who may act on it, and the audit lines flushed before commit.
 */
export async function writeOnCommitment<T>(
  ctx: BaseContext<unknown>,
  commitmentId: string,
  authorize: (commitment: CommitmentEntity, actor: Identity) => void,
  work: (scope: WriteScope, commitment: CommitmentEntity) => Promise<T>,
): Promise<T> {
  const actor = requireSignedIn(ctx.identity);
  return auditedWrite(ctx, actor, async (scope) => {
    const commitment = await lockCommitment(scope.manager, commitmentId);
    authorize(commitment, actor);
    return work(scope, commitment);
  });
}

/**
 * Saves changed commitment columns under the version the caller read (the version column increments) and audits
 * them. `before` is the locked row.
 */
export async function saveCommitment(scope: WriteScope, before: CommitmentEntity, changes: Partial<CommitmentEntity>, action: 'UPDATE' | 'TRANSITION' = 'UPDATE'): Promise<CommitmentEntity> {
  const after = Object.assign(new CommitmentEntity(), before, changes, { updatedAt: scope.now });
  await updateVersioned(scope, CommitmentEntity, 'Commitment', before, { ...changes, updatedAt: scope.now });
  after.version = before.version + 1;
  scope.audit({ commitmentId: before.id, entityType: 'Commitment', entityId: before.id, action, before, after });
  return after;
}
