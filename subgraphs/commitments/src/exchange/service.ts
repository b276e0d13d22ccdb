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
import { COMMITMENTS_SHEET, COMMITMENT_COLUMNS, validateCommitmentRow, type CommitmentRow, type RowProblem } from './columns';
import { ImportFindingEntity, ImportProvenanceEntity, ImportRecordProvenanceEntity } from './entities';
import { findingsFor, missingIds, planRecords, writeRecords, type CommitmentTarget, type SheetCount } from './records';
import { SHEETS } from './sheets';

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
  /** The same counts sheet by sheet (Commitments first). */
  sheets: SheetCount[];
}

/** Rows per call: a batch the CLI sends; a register is sent as several batches. */
export const MAX_ROWS_PER_BATCH = 2000;

/** Every row of a call, over all sheets. */
const rowCount = (input: MutationImportRegisterArgs['input']) => (input.commitments?.length ?? 0) + SHEETS.reduce((n, s) => n + (input[s.input]?.length ?? 0), 0);

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

/** INSERT in chunks: the embedded engine bounds the number of bound parameters per statement. */
async function insertChunked<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: T[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await manager.insert(entity, rows.slice(i, i + size) as never);
}

export async function importRegister({ input }: MutationImportRegisterArgs, ctx: Context): Promise<ImportReport> {
  const actor = requireSignedIn(ctx.identity);
  const file = input.file.trim();
  if (!file || file.length > 300) throw badInput('file must name the imported file in 1-300 characters', 'file');
  const commitmentRows = input.commitments ?? [];
  const totalRows = rowCount(input);
  if (totalRows > MAX_ROWS_PER_BATCH) throw badInput(`the call has ${totalRows} rows over all sheets; send at most ${MAX_ROWS_PER_BATCH} per call`, 'commitments');
  const dryRun = input.dryRun ?? false;
  const validOnly = input.validOnly ?? false;

  // 1. Each row on its own (the same checks the CLI runs before sending).
  const problems: RowProblem[] = [];
  const valid: { sheet: string; row: number; value: CommitmentRow }[] = [];
  const seen = new Map<string, number>();
  for (const cells of commitmentRows) {
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

  // 4. The other sheets' rows, against this batch's commitments (a row of a refused commitment is refused too) and the
  // stored ones. New commitments get their ids now, so rows of the same batch can point at them.
  const commitmentProblemRows = new Set(problems.map((p) => `${p.sheet}|${p.row}`));
  const acceptedCodes = new Set(accepted.map((r) => r.value.code));
  const refusedCodes = new Map<string, { sheet: string; row: number }>();
  for (const cells of commitmentRows) {
    const sheet = cells.sheet?.trim() || COMMITMENTS_SHEET;
    const code = cells.code?.trim();
    if (code && !acceptedCodes.has(code) && commitmentProblemRows.has(`${sheet}|${cells.row}`) && !refusedCodes.has(code)) refusedCodes.set(code, { sheet, row: cells.row });
  }
  const newIds = new Map(accepted.filter((r) => !stored.has(r.value.code)).map((r) => [r.value.code, randomUUID()]));
  const targets = new Map<string, CommitmentTarget>();
  for (const { value } of accepted) {
    const existing = stored.get(value.code)?.commitment;
    const lead = `${value.leadAgency.type}:${value.leadAgency.id}`;
    targets.set(value.code, {
      id: existing?.id ?? newIds.get(value.code)!,
      code: value.code,
      owner: existing?.ownerAgency ?? formatRef(ownerOfRow(value)!),
      lead,
      instrumentClass: value.kind,
      legalStatus: value.legalStatus,
      signedOn: value.signedOn,
      freshLead: !existing || `${existing.leadAgencyType}:${existing.leadAgencyId}` !== lead,
      copySentAt: existing?.copySentAt ?? null,
      pmReportSentAt: existing?.pmReportSentAt ?? null,
    });
  }
  const records = await planRecords(ctx, actor, input, targets, refusedCodes);
  problems.push(...records.problems);
  const sheetOrder = (sheet: string) => [COMMITMENTS_SHEET, ...SHEETS.map((s) => s.name)].findIndex((n) => sheet === n || sheet === `${n}.csv`);
  problems.sort((a, b) => sheetOrder(a.sheet) - sheetOrder(b.sheet) || a.sheet.localeCompare(b.sheet) || a.row - b.row);
  const refusedRows = new Set(problems.map((p) => `${p.sheet}|${p.row}`)).size;

  if (problems.length && !validOnly && !dryRun) {
    const shown = problems.slice(0, 5).map((p) => `${p.sheet} dòng ${p.row}${p.column ? `, cột ${p.column}` : ''}: ${p.message}`).join(' | ');
    throw accordsError('BAD_USER_INPUT', `Không ghi gì: ${refusedRows} dòng có lỗi (${problems.length} lỗi). ${shown}${problems.length > 5 ? ' | …' : ''}`, { field: 'commitments', problems });
  }

  // 5. What each accepted row does.
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
  // The rule checks the touched commitments fail once the batch is written (judged on the register's own records).
  const calendar = await ctx.loaders.calendar.load('all');
  const touched = new Map<string, CommitmentTarget>();
  for (const row of [...creates, ...updates.map((u) => u.row)]) touched.set(targets.get(row.code)!.id, targets.get(row.code)!);
  for (const op of records.ops) touched.set(op.target.id, op.target);
  const findingsById = new Map(
    [...touched.values()].map((t) => [t.id, findingsFor(t, { approvedAssessment: records.approvedAssessment.has(t.id), copySentAt: records.copies.has(t.id) ? records.copies.get(t.id)! : t.copySentAt }, calendar)]),
  );
  const findings = [...findingsById.values()].reduce((n, list) => n + list.length, 0);
  const commitmentCount: SheetCount = {
    sheet: COMMITMENTS_SHEET,
    created: creates.length,
    updated: updates.length,
    unchanged,
    refused: commitmentProblemRows.size,
  };
  const sheets = [commitmentCount, ...records.counts];
  const report: ImportReport = {
    dryRun,
    rows: totalRows,
    created: sheets.reduce((n, s) => n + s.created, 0),
    updated: sheets.reduce((n, s) => n + s.updated, 0),
    unchanged: sheets.reduce((n, s) => n + s.unchanged, 0),
    refused: refusedRows,
    findings,
    problems,
    sheets,
  };
  if (dryRun || (!creates.length && !updates.length && !records.ops.length)) return report;

  // 5. One transaction: records, their lists, provenance, findings, and an audit entry per created or changed record.
  await auditedWrite(ctx, actor, async (scope) => {
    const { manager } = scope;
    const now = scope.now;
    const newRows = creates.map((row) =>
      Object.assign(new CommitmentEntity(), {
        id: newIds.get(row.code)!,
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
    await insertChunked(manager, CommitmentPartnerEntity, creates.flatMap((row) => row.partnerIds.map((partnerId) => Object.assign(new CommitmentPartnerEntity(), { commitmentId: ids.get(row.code)!, partnerId }))));
    await insertChunked(manager, CommitmentFieldEntity, creates.flatMap((row) => row.fields.map((field) => Object.assign(new CommitmentFieldEntity(), { commitmentId: ids.get(row.code)!, field }))));
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

    // The other sheets' records, then provenance (file, user, time) on every record written.
    await writeRecords(scope, records.ops, file);
    const writtenIds = [...newRows.map((c) => c.id), ...updates.map((u) => u.stored.commitment.id)];
    if (updates.length) await manager.delete(ImportProvenanceEntity, { commitmentId: In(updates.map((u) => u.stored.commitment.id)) });
    await insertChunked(manager, ImportProvenanceEntity, writtenIds.map((commitmentId) => Object.assign(new ImportProvenanceEntity(), { commitmentId, file, importedBy: actor.subject, importedAt: now })));
    const recordKeys = records.ops.map((op) => ({ entityType: op.def.input === 'postSigningCopies' ? 'PostSigningCopy' : op.def.entityType, entityId: op.id, commitmentId: op.target.id }));
    for (const key of recordKeys.filter((_, i) => records.ops[i].action === 'UPDATE')) await manager.delete(ImportRecordProvenanceEntity, { entityType: key.entityType, entityId: key.entityId });
    await insertChunked(manager, ImportRecordProvenanceEntity, recordKeys.map((k) => Object.assign(new ImportRecordProvenanceEntity(), { ...k, file, importedBy: actor.subject, importedAt: now })));
    // Findings of every touched commitment, judged again on what it holds now.
    const touchedIds = [...findingsById.keys()];
    for (let i = 0; i < touchedIds.length; i += 500) await manager.delete(ImportFindingEntity, { commitmentId: In(touchedIds.slice(i, i + 500)) });
    await insertChunked(
      manager,
      ImportFindingEntity,
      [...findingsById].flatMap(([commitmentId, list]) => list.map((f) => Object.assign(new ImportFindingEntity(), { id: randomUUID(), commitmentId, rule: f.rule, message: f.message, file, importedAt: now }))),
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
