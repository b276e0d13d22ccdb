/**
 * `importRegister`: rows of an agency's register (parsed by the caller from XLSX or CSV) validated row by row,
 * references checked against the subgraphs that own them (through their API, never their tables), then written in
 * one transaction through a WriteScope (audit entry per created or changed record, hash chain kept), idempotent by
 * commitment code.
 */
import { randomUUID } from 'node:crypto';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { accordsError, badInput } from '@accords/errors';
import { requireAgencyRole, requireSignedIn } from '@accords/auth';
import { foldForSearch } from '@accords/db';
import type { BaseContext } from '@accords/subgraph-kit';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from '../db/entities';
import { CommitmentPartyEntity } from '../db/lifecycle-entities';
import { AGENCY_SUBGRAPH, AGENCY_TYPENAME, formatRef, parseOwnerKey, type AgencyKind } from '../domain/agency';
import { resolveOwner } from '../services/owner';
import type { MutationImportRegisterArgs } from '../generated/resolvers-types';
import type { Loaders } from '../loaders';
import { auditedWrite, updateVersioned } from '../services/write';
import { COMMITMENTS_SHEET, COMMITMENT_COLUMNS, SIGNED_STATUSES, validateCommitmentRow, type CommitmentRow, type RowProblem } from './columns';
import { ImportFindingEntity, ImportProvenanceEntity } from './entities';

type Context = BaseContext<Loaders>;

/** `importRegister`'s argument and answer, as exchange.graphql declares them. */
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  findings: number;
  problems: RowProblem[];
}

/** Rows per call: a batch the CLI sends; a register is sent as several batches. */
export const MAX_ROWS_PER_BATCH = 2000;

/** Ids (of one type) that the owning subgraph does not know, asked in one `_entities` call. */
async function missingIds(ctx: Context, service: string, typename: string, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  const data = await ctx.peers.query<{ _entities: ({ id: string } | null)[] }>(
    service,
    `query Exists($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { id } } }`,
    { representations: unique.map((id) => ({ __typename: typename, id })) },
    { requestId: ctx.requestId, identity: ctx.identity },
  );
  return new Set(unique.filter((_, i) => !data._entities[i]));
}

interface Stored {
  commitment: CommitmentEntity;
  partnerIds: string[];
  fields: string[];
}

/** The columns a row sets on the commitment. */
function columnsOf(row: CommitmentRow) {
  return {
    titleVi: row.titleVi,
    titleEn: row.titleEn,
    instrumentClass: row.kind,
    documentType: row.documentType,
    leadAgencyType: row.leadAgency.type,
    leadAgencyId: row.leadAgency.id,
    signedOn: row.signedOn,
    signedAt: row.signedAt,
    legalStatus: row.legalStatus,
    implementationStatus: row.implementationStatus,
    cooperationContent: row.cooperationContent,
    plannedStart: row.plannedStart,
    plannedEnd: row.plannedEnd,
  };
}

const sameValue = (a: unknown, b: unknown) => {
  if (a instanceof Date || b instanceof Date) return (a instanceof Date ? a.getTime() : a ?? null) === (b instanceof Date ? b.getTime() : b ?? null);
  return (a ?? null) === (b ?? null);
};
const sameList = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** Changed columns of a stored commitment (empty: the row is already what is stored). */
function changesOf(stored: Stored, row: CommitmentRow): Partial<CommitmentEntity> {
  const wanted = columnsOf(row);
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) if (!sameValue((stored.commitment as unknown as Record<string, unknown>)[key], value)) changes[key] = value;
  return changes as Partial<CommitmentEntity>;
}

/**
 * The rule checks a historical record fails, judged on what the register gives (not refused: stored as findings).
 * Only international agreements run the agreement workflow (Law 70/2020/QH14); the register's Commitments sheet
 * carries no feasibility assessment or post-signing copy, so a signed agreement imported alone fails V8 and V4.
 */
export function findingsOf(row: CommitmentRow): { rule: string; message: string }[] {
  if (row.kind !== 'INTERNATIONAL_AGREEMENT' || !SIGNED_STATUSES.includes(row.legalStatus)) return [];
  return [
    { rule: 'V8', message: `${row.code} was signed on ${row.signedOn} with no approved feasibility assessment on record (feasibility gate; counts against K4)` },
    { rule: 'V4', message: `${row.code}: no copy to the Ministry of Foreign Affairs within 15 days of signing is on record (Law 70/2020/QH14; counts against K8)` },
  ];
}

/** INSERT in chunks: the embedded engine bounds the number of bound parameters per statement. */
async function insertChunked<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: T[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await manager.insert(entity, rows.slice(i, i + size) as never);
}

export async function importRegister({ input }: MutationImportRegisterArgs, ctx: Context): Promise<ImportReport> {
  const actor = requireSignedIn(ctx.identity);
  const file = input.file.trim();
  if (!file || file.length > 300) throw badInput('file must name the imported file in 1-300 characters', 'file');
  if (input.commitments.length > MAX_ROWS_PER_BATCH) throw badInput(`commitments has ${input.commitments.length} rows; send at most ${MAX_ROWS_PER_BATCH} per call`, 'commitments');
  const dryRun = input.dryRun ?? false;
  const validOnly = input.validOnly ?? false;

  // 1. Each row on its own (the same checks the CLI runs before sending).
  const problems: RowProblem[] = [];
  const valid: { sheet: string; row: number; value: CommitmentRow }[] = [];
  const seen = new Map<string, number>();
  for (const cells of input.commitments) {
    const sheet = cells.sheet?.trim() || COMMITMENTS_SHEET;
    const checked = validateCommitmentRow(sheet, cells.row, cells);
    problems.push(...checked.problems);
    if (!checked.value) continue;
    const earlier = seen.get(checked.value.code);
    if (earlier !== undefined) {
      problems.push({ sheet, row: cells.row, column: 'code', message: `Mã cam kết (cột code) "${checked.value.code}" đã có ở dòng ${earlier}; mỗi cam kết một dòng` });
      continue;
    }
    seen.set(checked.value.code, cells.row);
    valid.push({ sheet, row: cells.row, value: checked.value });
  }

  // 2. Ownership: an agency imports only its own commitments (the whole call is refused otherwise). The owner of a
  // lead unit or department is what its register says (one question per owning subgraph for the whole file); a lead
  // the register does not know is reported with the references below.
  const leadKeys = [...new Set(valid.map((r) => `${r.value.leadAgency.type}:${r.value.leadAgency.id}`))];
  const owners = new Map(await Promise.all(leadKeys.map(async (key) => [key, await resolveOwner(ctx, key).catch(() => null)] as const)));
  const ownerOfRow = (row: CommitmentRow) => owners.get(`${row.leadAgency.type}:${row.leadAgency.id}`) ?? null;
  for (const r of valid) {
    const owner = ownerOfRow(r.value);
    if (!owner) continue;
    try {
      requireAgencyRole(actor, owner, 'editor');
    } catch (error) {
      throw accordsError('FORBIDDEN', `${r.sheet} row ${r.row} (code ${r.value.code}): ${(error as Error).message}`, { sheet: r.sheet, row: r.row, column: 'lead_agency' });
    }
  }
  const stored = await loadStored(ctx, valid.map((r) => r.value.code));
  for (const r of valid) {
    const existing = stored.get(r.value.code);
    if (!existing) continue;
    try {
      requireAgencyRole(actor, parseOwnerKey(existing.commitment.ownerAgency), 'editor');
    } catch (error) {
      throw accordsError('FORBIDDEN', `${r.sheet} row ${r.row}: commitment ${r.value.code} belongs to another agency. ${(error as Error).message}`, { sheet: r.sheet, row: r.row, column: 'code' });
    }
  }

  // 3. References, each asked of the subgraph that owns it (one call per type).
  const byType = (type: AgencyKind) => valid.filter((r) => r.value.leadAgency.type === type).map((r) => r.value.leadAgency.id);
  const [partnersMissing, ...agenciesMissing] = await Promise.all([
    missingIds(ctx, 'partners', 'Partner', valid.flatMap((r) => r.value.partnerIds)),
    ...(['MINISTRY', 'MINISTRY_UNIT', 'LOCALITY', 'PROVINCIAL_DEPARTMENT'] as const).map(async (type) => ({ type, missing: await missingIds(ctx, AGENCY_SUBGRAPH[type], AGENCY_TYPENAME[type], byType(type)) })),
  ]);
  const accepted: typeof valid = [];
  for (const r of valid) {
    const before = problems.length;
    const unknownPartners = r.value.partnerIds.filter((p) => partnersMissing.has(p));
    if (unknownPartners.length) {
      problems.push({ sheet: r.sheet, row: r.row, column: 'partners', message: `Đối tác nước ngoài (cột partners): không có đối tác mã ${unknownPartners.join(', ')} trong danh mục đối tác` });
    }
    if (agenciesMissing.some((a) => a.type === r.value.leadAgency.type && a.missing.has(r.value.leadAgency.id))) {
      problems.push({ sheet: r.sheet, row: r.row, column: 'lead_agency', message: `Cơ quan chủ trì (cột lead_agency): không có ${r.value.leadAgency.type}:${r.value.leadAgency.id} trong danh mục cơ quan` });
    }
    if (problems.length === before) accepted.push(r);
  }
  problems.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
  const refusedRows = new Set(problems.map((p) => `${p.sheet}|${p.row}`)).size;

  if (problems.length && !validOnly && !dryRun) {
    const shown = problems.slice(0, 5).map((p) => `${p.sheet} dòng ${p.row}${p.column ? `, cột ${p.column}` : ''}: ${p.message}`).join(' | ');
    throw accordsError('BAD_USER_INPUT', `Không ghi gì: ${refusedRows} dòng có lỗi (${problems.length} lỗi). ${shown}${problems.length > 5 ? ' | …' : ''}`, { field: 'commitments', problems });
  }

  // 4. What each accepted row does.
  const creates: CommitmentRow[] = [];
  const updates: { stored: Stored; row: CommitmentRow; changes: Partial<CommitmentEntity>; partners: boolean; fields: boolean }[] = [];
  let unchanged = 0;
  for (const { value } of accepted) {
    const existing = stored.get(value.code);
    if (!existing) {
      creates.push(value);
      continue;
    }
    const changes = changesOf(existing, value);
    const partners = !sameList(existing.partnerIds, value.partnerIds);
    const fields = !sameList(existing.fields, value.fields);
    if (Object.keys(changes).length || partners || fields) updates.push({ stored: existing, row: value, changes, partners, fields });
    else unchanged++;
  }
  const findings = [...creates, ...updates.map((u) => u.row)].reduce((n, row) => n + findingsOf(row).length, 0);
  const report: ImportReport = { dryRun, rows: input.commitments.length, created: creates.length, updated: updates.length, unchanged, refused: refusedRows, findings, problems };
  if (dryRun || (!creates.length && !updates.length)) return report;

  // 5. One transaction: records, their lists, provenance, findings, and an audit entry per created or changed record.
  await auditedWrite(ctx, actor, async (scope) => {
    const { manager } = scope;
    const now = scope.now;
    const newRows = creates.map((row) =>
      Object.assign(new CommitmentEntity(), {
        id: randomUUID(),
        code: row.code,
        ...columnsOf(row),
        // The owning agency as the lead's register says (checked against the caller above).
        ownerAgency: formatRef(ownerOfRow(row)!),
        summary: null,
        summaryEn: null,
        languages: 'vi',
        searchText: foldForSearch(`${row.code} ${row.titleVi} ${row.titleEn ?? ''}`),
        createdAt: now,
        version: 1,
      }),
    );
    // Copies go to INSERT: TypeORM writes generated values back into the objects it inserts (on sql.js not always to
    // the row it inserted), and the ids below must stay the ones chosen here.
    await insertChunked(manager, CommitmentEntity, newRows.map((c) => Object.assign(new CommitmentEntity(), c)), 50);
    const ids = new Map(newRows.map((c) => [c.code, c.id]));
    await insertChunked(manager, CommitmentPartnerEntity, creates.flatMap((row) => row.partnerIds.map((partnerId) => ({ commitmentId: ids.get(row.code)!, partnerId }))));
    await insertChunked(manager, CommitmentFieldEntity, creates.flatMap((row) => row.fields.map((field) => ({ commitmentId: ids.get(row.code)!, field }))));
    await insertChunked(
      manager,
      CommitmentPartyEntity,
      creates.map((row) => Object.assign(new CommitmentPartyEntity(), { commitmentId: ids.get(row.code)!, agency: `${row.leadAgency.type}:${row.leadAgency.id}`, role: 'LEAD', responsibleOfficialId: null, roleDescription: null })),
    );
    newRows.forEach((c, i) =>
      scope.audit({ commitmentId: c.id, entityType: 'Commitment', entityId: c.id, action: 'CREATE', before: null, after: { ...c, partnerIds: [...creates[i].partnerIds].sort(), fields: [...creates[i].fields].sort(), importedFrom: file } }),
    );

    for (const u of updates) {
      const c = u.stored.commitment;
      const changes: Partial<CommitmentEntity> = { ...u.changes, updatedAt: now };
      if (u.changes.titleVi !== undefined || u.changes.titleEn !== undefined) changes.searchText = foldForSearch(`${c.code} ${u.row.titleVi} ${u.row.titleEn ?? ''}`);
      await updateVersioned(scope, CommitmentEntity, 'Commitment', c, changes);
      if (u.partners) {
        await manager.delete(CommitmentPartnerEntity, { commitmentId: c.id });
        await manager.insert(CommitmentPartnerEntity, u.row.partnerIds.map((partnerId) => ({ commitmentId: c.id, partnerId })));
      }
      if (u.fields) {
        await manager.delete(CommitmentFieldEntity, { commitmentId: c.id });
        await manager.insert(CommitmentFieldEntity, u.row.fields.map((field) => ({ commitmentId: c.id, field })));
      }
      if (u.changes.leadAgencyType !== undefined || u.changes.leadAgencyId !== undefined) {
        await manager.delete(CommitmentPartyEntity, { commitmentId: c.id, role: 'LEAD' });
        await manager.insert(CommitmentPartyEntity, { commitmentId: c.id, agency: `${u.row.leadAgency.type}:${u.row.leadAgency.id}`, role: 'LEAD', responsibleOfficialId: null, roleDescription: null });
      }
      scope.audit({
        commitmentId: c.id,
        entityType: 'Commitment',
        entityId: c.id,
        action: 'UPDATE',
        before: { ...c, partnerIds: [...u.stored.partnerIds].sort(), fields: [...u.stored.fields].sort() },
        after: { ...c, ...u.changes, partnerIds: [...u.row.partnerIds].sort(), fields: [...u.row.fields].sort(), importedFrom: file },
      });
    }

    const written = [...newRows.map((c, i) => ({ id: c.id, row: creates[i] })), ...updates.map((u) => ({ id: u.stored.commitment.id, row: u.row }))];
    const writtenIds = written.map((w) => w.id);
    if (updates.length) {
      const updatedIds = updates.map((u) => u.stored.commitment.id);
      await manager.delete(ImportProvenanceEntity, { commitmentId: In(updatedIds) });
      await manager.delete(ImportFindingEntity, { commitmentId: In(updatedIds) });
    }
    await insertChunked(manager, ImportProvenanceEntity, writtenIds.map((commitmentId) => Object.assign(new ImportProvenanceEntity(), { commitmentId, file, importedBy: actor.subject, importedAt: now })));
    await insertChunked(
      manager,
      ImportFindingEntity,
      written.flatMap((w) => findingsOf(w.row).map((f) => Object.assign(new ImportFindingEntity(), { id: randomUUID(), commitmentId: w.id, rule: f.rule, message: f.message, file, importedAt: now }))),
    );
  });
  return report;
}

/** The stored commitments with these codes, with their partners and fields: three statements for the whole batch. */
async function loadStored(ctx: Context, codes: string[]): Promise<Map<string, Stored>> {
  const out = new Map<string, Stored>();
  if (!codes.length) return out;
  const m = ctx.db.manager;
  const rows: CommitmentEntity[] = [];
  for (let i = 0; i < codes.length; i += 500) rows.push(...(await m.findBy(CommitmentEntity, { code: In(codes.slice(i, i + 500)) })));
  const ids = rows.map((r) => r.id);
  const partners: CommitmentPartnerEntity[] = [];
  const fields: CommitmentFieldEntity[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    partners.push(...(await m.findBy(CommitmentPartnerEntity, { commitmentId: In(ids.slice(i, i + 500)) })));
    fields.push(...(await m.findBy(CommitmentFieldEntity, { commitmentId: In(ids.slice(i, i + 500)) })));
  }
  for (const c of rows) {
    out.set(c.code, {
      commitment: c,
      partnerIds: partners.filter((p) => p.commitmentId === c.id).map((p) => p.partnerId),
      fields: fields.filter((f) => f.commitmentId === c.id).map((f) => f.field),
    });
  }
  return out;
}

/** The column headers, for messages that name a column. */
export const HEADERS = COMMITMENT_COLUMNS.map((c) => c.header);
