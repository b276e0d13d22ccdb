/**
 * The register's column set: ONE definition that drives the import template, the file parser, the row validator
 * (here and in the API), the README table and the exporter. Pure: no database, no network, no file.
 *
 * A row is read as text cells keyed by header name; `validateCommitmentRow` turns it into a typed row or a list of
 * problems, each naming the sheet, the row (as the spreadsheet numbers it: the header is row 1) and the column. The
 * cells themselves are read by `cells.ts`, as every other sheet's are; the checks across a row's cells are here.
 */
import { readCells, type AgencyRef, type CellKind, type RowProblem } from './cells';

export { isCalendarDate, splitList, type RowProblem } from './cells';

/** The SDL's enums (commitment.graphql, lifecycle.graphql), as the API spells them. */
type InstrumentClass = 'TREATY' | 'INTERNATIONAL_AGREEMENT' | 'POLITICAL_COMMITMENT';
type DocumentType = 'AGREEMENT' | 'MOU' | 'MINUTES' | 'JOINT_STATEMENT_ITEM' | 'PLAN' | 'LETTER';
type LegalStatus = 'DRAFT' | 'FEASIBILITY_REVIEW' | 'CONSULTING' | 'AWAITING_DECISION' | 'ESCALATED_TO_PM' | 'APPROVED_TO_SIGN' | 'SIGNED' | 'IN_FORCE' | 'AMENDED' | 'EXTENDED' | 'SUSPENDED' | 'TERMINATED' | 'EXPIRED' | 'WITHDRAWN' | 'INHERITED';
type ImplementationStatus = 'PIPELINE' | 'IMPLEMENTATION' | 'FINALISATION' | 'CLOSED' | 'CANCELLED' | 'SUSPENDED';
type CooperationField = 'POLITICS_DIPLOMACY' | 'ECONOMY_TRADE_INVESTMENT' | 'SCIENCE_TECHNOLOGY_INNOVATION' | 'DIGITAL_TRANSFORMATION' | 'EDUCATION_TRAINING' | 'ENERGY' | 'SECURITY_DEFENCE' | 'CONSTRUCTION_TRANSPORT' | 'AGRICULTURE_ENVIRONMENT' | 'HEALTH' | 'LABOUR' | 'CULTURE_SPORT_TOURISM' | 'JUSTICE' | 'PEOPLE_TO_PEOPLE';

/** Every value of an enum, kept exhaustive by the compiler (a Record over the generated union). */
const valuesOf = <T extends string>(record: Record<T, true>) => Object.keys(record) as T[];

export const KINDS = valuesOf<InstrumentClass>({ TREATY: true, INTERNATIONAL_AGREEMENT: true, POLITICAL_COMMITMENT: true });
export const DOCUMENT_TYPES = valuesOf<DocumentType>({ AGREEMENT: true, MOU: true, MINUTES: true, JOINT_STATEMENT_ITEM: true, PLAN: true, LETTER: true });
export const LEGAL_STATUSES = valuesOf<LegalStatus>({
  DRAFT: true, FEASIBILITY_REVIEW: true, CONSULTING: true, AWAITING_DECISION: true, ESCALATED_TO_PM: true, APPROVED_TO_SIGN: true,
  SIGNED: true, IN_FORCE: true, AMENDED: true, EXTENDED: true, SUSPENDED: true, TERMINATED: true, EXPIRED: true, WITHDRAWN: true, INHERITED: true,
});
export const IMPLEMENTATION_STATUSES = valuesOf<ImplementationStatus>({ PIPELINE: true, IMPLEMENTATION: true, FINALISATION: true, CLOSED: true, CANCELLED: true, SUSPENDED: true });
export const FIELDS = valuesOf<CooperationField>({
  POLITICS_DIPLOMACY: true, ECONOMY_TRADE_INVESTMENT: true, SCIENCE_TECHNOLOGY_INNOVATION: true, DIGITAL_TRANSFORMATION: true,
  EDUCATION_TRAINING: true, ENERGY: true, SECURITY_DEFENCE: true, CONSTRUCTION_TRANSPORT: true, AGRICULTURE_ENVIRONMENT: true,
  HEALTH: true, LABOUR: true, CULTURE_SPORT_TOURISM: true, JUSTICE: true, PEOPLE_TO_PEOPLE: true,
});
/** Statuses a commitment reaches only by signing: such a row needs its signing date. */
export const SIGNED_STATUSES: readonly LegalStatus[] = ['SIGNED', 'IN_FORCE', 'AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'INHERITED'];

/** The kinds of cell the Commitments sheet has (read by `cells.ts`, as the other sheets' are). */
export type ColumnKind = Extract<CellKind, 'text' | 'code' | 'enum' | 'list' | 'enumList' | 'agency' | 'date' | 'instant'>;

export interface Column {
  /** Header in the file (snake_case, ASCII, so every spreadsheet program keeps it). */
  header: string;
  /** Property of the typed row and of the API's row input. */
  key: keyof CommitmentRowInput & string;
  kind: ColumnKind;
  required: boolean;
  /** Vietnamese label, shown as the header's note in the template and in the README. */
  label: string;
  /** What is allowed, in the words an error message uses. */
  allowed: string;
  values?: readonly string[];
  max?: number;
  example: string;
}

/** The cells of one row as the file gives them (text), keyed like the API input `CommitmentRowInput`. */
export interface CommitmentRowInput {
  code?: string | null;
  titleVi?: string | null;
  titleEn?: string | null;
  kind?: string | null;
  documentType?: string | null;
  leadAgency?: string | null;
  partners?: string | null;
  fields?: string | null;
  signedOn?: string | null;
  signedAt?: string | null;
  legalStatus?: string | null;
  implementationStatus?: string | null;
  cooperationContent?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
}

export const COMMITMENTS_SHEET = 'Commitments';

export const COMMITMENT_COLUMNS: readonly Column[] = [
  { header: 'code', key: 'code', kind: 'code', required: true, label: 'Mã cam kết', allowed: '3–40 chữ in hoa, chữ số, gạch nối, bắt đầu bằng mã cơ quan chủ trì (vd. 20-2024-001)', max: 40, example: '20-2024-001' },
  { header: 'title_vi', key: 'titleVi', kind: 'text', required: true, label: 'Tên (tiếng Việt)', allowed: 'văn bản, tối đa 500 ký tự', max: 500, example: 'Thỏa thuận hợp tác thương mại biên giới Lạng Sơn – Quảng Tây' },
  { header: 'title_en', key: 'titleEn', kind: 'text', required: false, label: 'Tên (tiếng Anh)', allowed: 'văn bản, tối đa 500 ký tự', max: 500, example: 'Border trade cooperation agreement' },
  { header: 'kind', key: 'kind', kind: 'enum', required: true, label: 'Loại', allowed: `một trong ${KINDS.join(', ')}`, values: KINDS, example: 'INTERNATIONAL_AGREEMENT' },
  { header: 'document_type', key: 'documentType', kind: 'enum', required: true, label: 'Loại văn bản', allowed: `một trong ${DOCUMENT_TYPES.join(', ')}`, values: DOCUMENT_TYPES, example: 'AGREEMENT' },
  { header: 'lead_agency', key: 'leadAgency', kind: 'agency', required: true, label: 'Cơ quan chủ trì', allowed: 'LOẠI:mã, vd. MINISTRY:MOIT, LOCALITY:20, PROVINCIAL_DEPARTMENT:20-SCT', example: 'LOCALITY:20' },
  { header: 'partners', key: 'partners', kind: 'list', required: true, label: 'Đối tác nước ngoài', allowed: 'mã đối tác, cách nhau bằng dấu chấm phẩy (vd. CN; JP)', example: 'CN' },
  { header: 'fields', key: 'fields', kind: 'enumList', required: true, label: 'Lĩnh vực', allowed: `các giá trị trong ${FIELDS.join(', ')}, cách nhau bằng dấu chấm phẩy`, values: FIELDS, example: 'ECONOMY_TRADE_INVESTMENT; CULTURE_SPORT_TOURISM' },
  { header: 'signed_on', key: 'signedOn', kind: 'date', required: false, label: 'Ngày ký', allowed: 'ngày có thật dạng YYYY-MM-DD; bắt buộc khi đã ký', example: '2024-03-15' },
  { header: 'signed_at', key: 'signedAt', kind: 'instant', required: false, label: 'Thời điểm ký', allowed: 'YYYY-MM-DDTHH:mm kèm múi giờ (vd. 2024-03-15T10:30+07:00), cùng ngày với signed_on theo giờ Việt Nam', example: '2024-03-15T10:30:00+07:00' },
  { header: 'legal_status', key: 'legalStatus', kind: 'enum', required: true, label: 'Tình trạng pháp lý', allowed: `một trong ${LEGAL_STATUSES.join(', ')}`, values: LEGAL_STATUSES, example: 'IN_FORCE' },
  { header: 'implementation_status', key: 'implementationStatus', kind: 'enum', required: false, label: 'Tình trạng thực hiện', allowed: `một trong ${IMPLEMENTATION_STATUSES.join(', ')} (mặc định PIPELINE)`, values: IMPLEMENTATION_STATUSES, example: 'IMPLEMENTATION' },
  { header: 'cooperation_content', key: 'cooperationContent', kind: 'text', required: false, label: 'Nội dung hợp tác', allowed: 'văn bản, tối đa 20000 ký tự', max: 20_000, example: 'Phối hợp tổ chức hội chợ thương mại biên giới hằng năm' },
  { header: 'planned_start', key: 'plannedStart', kind: 'date', required: false, label: 'Bắt đầu dự kiến', allowed: 'ngày có thật dạng YYYY-MM-DD', example: '2024-04-01' },
  { header: 'planned_end', key: 'plannedEnd', kind: 'date', required: false, label: 'Kết thúc dự kiến', allowed: 'ngày có thật dạng YYYY-MM-DD, không trước planned_start', example: '2026-12-31' },
];

/** A validated row: what the import writes. */
export interface CommitmentRow {
  code: string;
  titleVi: string;
  titleEn: string | null;
  kind: InstrumentClass;
  documentType: DocumentType;
  leadAgency: AgencyRef;
  partnerIds: string[];
  fields: CooperationField[];
  signedOn: string | null;
  /** UTC instant, when the file gives the time of signing. */
  signedAt: Date | null;
  legalStatus: LegalStatus;
  implementationStatus: ImplementationStatus;
  cooperationContent: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
}

const LEGAL_OFFSET_MS = 7 * 3_600_000;

/** The date in Vietnam's legal time zone (+07:00) on which an instant falls. */
export const legalDate = (instant: Date) => new Date(instant.getTime() + LEGAL_OFFSET_MS).toISOString().slice(0, 10);
/** An instant written in +07:00, as the export writes it (seconds kept, milliseconds dropped). */
export const legalInstant = (instant: Date) => `${new Date(instant.getTime() + LEGAL_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;

/**
 * Checks one row of the Commitments sheet. Every problem is reported (not only the first), each naming the column
 * by its header and saying what is allowed.
 */
export function validateCommitmentRow(sheet: string, row: number, cells: CommitmentRowInput): { value: CommitmentRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (column: Column | null, message: string) => problems.push({ sheet, row, column: column?.header ?? null, message });
  const out: Record<string, unknown> = readCells(COMMITMENT_COLUMNS, sheet, row, cells as Record<string, unknown>, problems);
  // The partners cell becomes the row's partner ids.
  out.partnerIds = out.partners ?? [];
  delete out.partners;
  const v = out as unknown as CommitmentRow;
  const col = (header: string) => COMMITMENT_COLUMNS.find((c) => c.header === header)!;
  if (v.code && v.leadAgency) {
    const owner = ownerIdOf(v.leadAgency);
    if (!v.code.startsWith(`${owner}-`)) problem(col('code'), `Mã cam kết (cột code) "${v.code}" phải bắt đầu bằng mã cơ quan chủ trì: ${owner}-`);
  }
  if (v.legalStatus && SIGNED_STATUSES.includes(v.legalStatus) && !v.signedOn && !problems.some((p) => p.column === 'signed_on')) {
    problem(col('signed_on'), `Ngày ký (cột signed_on) bắt buộc khi tình trạng pháp lý là ${v.legalStatus}; cho phép ${col('signed_on').allowed}`);
  }
  if (v.signedAt && v.signedOn && legalDate(v.signedAt) !== v.signedOn) {
    problem(col('signed_at'), `Thời điểm ký (cột signed_at) rơi vào ngày ${legalDate(v.signedAt)} theo giờ Việt Nam, khác ngày ký ${v.signedOn} (cột signed_on)`);
  }
  if (v.plannedStart && v.plannedEnd && v.plannedStart > v.plannedEnd) {
    problem(col('planned_end'), `Kết thúc dự kiến (cột planned_end) ${v.plannedEnd} trước ngày bắt đầu dự kiến ${v.plannedStart}`);
  }
  if (problems.length) return { value: null, problems };
  return { value: { ...v, implementationStatus: v.implementationStatus ?? 'PIPELINE' }, problems };
}

/** The agency whose users own a lead's records (a unit belongs to its ministry, a department to its province). */
export function ownerIdOf(agency: { type: string; id: string }): string {
  return agency.type === 'MINISTRY_UNIT' || agency.type === 'PROVINCIAL_DEPARTMENT' ? agency.id.split('-')[0] : agency.id;
}

/** The cells of a validated or stored commitment, as the export writes them and the import reads them back. */
export function cellsOf(c: CommitmentRow): Record<string, string> {
  const cells: CommitmentRowInput = {
    code: c.code,
    titleVi: c.titleVi,
    titleEn: c.titleEn,
    kind: c.kind,
    documentType: c.documentType,
    leadAgency: `${c.leadAgency.type}:${c.leadAgency.id}`,
    partners: [...c.partnerIds].sort().join('; '),
    fields: [...c.fields].sort().join('; '),
    signedOn: c.signedOn,
    signedAt: c.signedAt ? legalInstant(c.signedAt) : null,
    legalStatus: c.legalStatus,
    implementationStatus: c.implementationStatus,
    cooperationContent: c.cooperationContent,
    plannedStart: c.plannedStart,
    plannedEnd: c.plannedEnd,
  };
  return Object.fromEntries(COMMITMENT_COLUMNS.map((col) => [col.header, cells[col.key] ?? '']));
}

/** Header-keyed cells (as in the file) -> the API's row input. */
export function rowInputOf(byHeader: Record<string, string>): CommitmentRowInput {
  return Object.fromEntries(COMMITMENT_COLUMNS.map((c) => [c.key, byHeader[c.header] ?? ''])) as CommitmentRowInput;
}

/** The column table in the README (generated from the definition, checked by a test). */
export function columnTableMarkdown(): string {
  const lines = ['| Column | Required | Meaning (vi) | Allowed | Example |', '|---|---|---|---|---|'];
  for (const c of COMMITMENT_COLUMNS) lines.push(`| \`${c.header}\` | ${c.required ? 'yes' : 'no'} | ${c.label} | ${c.allowed} | \`${c.example}\` |`);
  return lines.join('\n');
}
