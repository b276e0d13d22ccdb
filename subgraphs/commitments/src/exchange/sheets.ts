/**
 * The register's other sheets (one per record kind, or one CSV per kind): ONE definition each, driving the template,
 * the file reader, the row validator (here and in the API), the README tables and the exporter, as `columns.ts` does
 * for the Commitments sheet. Pure: no database, no network, no file.
 *
 * Every row names its commitment by code (`commitment_code`) and is found again on re-import by a natural key within
 * that commitment (`naturalKey`), so re-importing the same file changes nothing.
 */
import { fixedDecimal, readCells, splitList, type CellColumn, type CellKind, type RowProblem } from './cells';
import { legalInstant } from './columns';

export { fixedDecimal };

/** The kinds of cell these sheets have (read by `cells.ts`, as the Commitments sheet's are). */
export type SheetColumnKind = Extract<CellKind, 'code' | 'text' | 'enum' | 'date' | 'instant' | 'decimal' | 'int' | 'bool' | 'agency' | 'official'>;

/** A column of these sheets: what the cell reader needs (`CellColumn`), of the sheets' kinds, and an example value. */
export interface SheetColumn extends CellColumn {
  kind: SheetColumnKind;
  example: string;
}

/** The input list of `ImportRegisterInput` each sheet's rows travel in. */
export type SheetInput =
  | 'parties'
  | 'feasibilityAssessments'
  | 'consultations'
  | 'postSigningCopies'
  | 'actionPrograms'
  | 'milestones'
  | 'results'
  | 'indicators'
  | 'indicatorPeriods'
  | 'obstacles'
  | 'feedback';

/** The typed values of a valid row (dates as YYYY-MM-DD, instants as Date, decimals as fixed-scale strings). */
export type SheetValues = Record<string, string | number | boolean | Date | null>;

export interface SheetDef {
  /** Sheet name in the workbook (and CSV file name without .csv). */
  name: string;
  input: SheetInput;
  /** The GraphQL enum value of `registerRows(sheet:)`. */
  enumValue: string;
  /** Audit entity type of the records it writes. */
  entityType: string;
  /** What the sheet holds, in Vietnamese (the template's first note, the README). */
  label: string;
  /** The headers that find a row's record again on re-import (with commitment_code). */
  naturalKey: readonly string[];
  columns: readonly SheetColumn[];
  /** Checks across the cells of one valid row. */
  check?: (v: SheetValues, problem: (header: string, message: string) => void) => void;
}

const camel = (header: string) => header.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const AGENCY_ALLOWED = 'LOẠI:mã, vd. MINISTRY:MOFA, MINISTRY_UNIT:MOFA-DILT, LOCALITY:20, PROVINCIAL_DEPARTMENT:20-SCT';
const INSTANT_ALLOWED = 'YYYY-MM-DDTHH:mm kèm múi giờ, vd. 2024-05-02T09:00:00+07:00';

type ColumnSpec = Omit<SheetColumn, 'key' | 'allowed'> & { allowed?: string };
function col(spec: ColumnSpec): SheetColumn {
  const allowed =
    spec.allowed ??
    {
      code: 'mã cam kết có trong trang Commitments hoặc đã có trong hệ thống',
      text: `văn bản, tối đa ${spec.max} ký tự`,
      enum: `một trong ${(spec.values ?? []).join(', ')}`,
      date: 'ngày có thật dạng YYYY-MM-DD',
      instant: INSTANT_ALLOWED,
      decimal: `số thập phân, dấu chấm, tối đa ${spec.scale} chữ số sau dấu chấm`,
      int: 'số nguyên',
      bool: 'yes hoặc no',
      agency: AGENCY_ALLOWED,
      official: 'mã cán bộ trong danh mục cán bộ của bộ (Official) hoặc địa phương (LocalOfficial), tối đa 40 ký tự',
    }[spec.kind];
  return { ...spec, key: camel(spec.header), allowed };
}

const commitmentCode = col({ header: 'commitment_code', kind: 'code', required: true, label: 'Mã cam kết', example: '20-2024-001' });
const text = (header: string, label: string, max: number, required: boolean, example: string) => col({ header, kind: 'text', required, label, max, example });
const enumOf = (header: string, label: string, values: readonly string[], required: boolean, example: string) => col({ header, kind: 'enum', required, label, values, example });

export const PARTY_ROLES = ['LEAD', 'COORDINATING', 'IMPLEMENTING', 'FUNDING'] as const;

export const SHEETS: readonly SheetDef[] = [
  {
    name: 'Parties',
    input: 'parties',
    enumValue: 'PARTIES',
    entityType: 'CommitmentParty',
    label: 'Các bên tham gia cam kết (cơ quan chủ trì, phối hợp, thực hiện, tài trợ) và cán bộ phụ trách',
    naturalKey: ['agency', 'role'],
    columns: [
      commitmentCode,
      col({ header: 'agency', kind: 'agency', required: true, label: 'Cơ quan', example: 'LOCALITY:20' }),
      enumOf('role', 'Vai trò', PARTY_ROLES, true, 'LEAD'),
      col({ header: 'responsible_official', kind: 'official', required: false, label: 'Cán bộ phụ trách', example: 'a1f0c6de-0001-4c1e-9a00-000000000004' }),
      text('role_description', 'Nhiệm vụ của bên này', 500, false, 'Chủ trì, điều phối chung'),
    ],
  },
  {
    name: 'FeasibilityAssessments',
    input: 'feasibilityAssessments',
    enumValue: 'FEASIBILITY_ASSESSMENTS',
    entityType: 'FeasibilityAssessment',
    label: 'Đánh giá tính khả thi (nguồn lực, sẵn sàng của đối tác, rủi ro) và quyết định phê duyệt',
    naturalKey: ['submitted_at'],
    columns: [
      commitmentCode,
      col({ header: 'submitted_at', kind: 'instant', required: true, label: 'Thời điểm trình', example: '2024-02-01T09:00:00+07:00' }),
      text('submitted_by', 'Người trình', 120, true, 'Sở Ngoại vụ Lạng Sơn'),
      col({ header: 'budget_amount', kind: 'decimal', scale: 2, required: false, label: 'Kinh phí', example: '1500000000.00' }),
      col({ header: 'budget_currency', kind: 'text', max: 3, required: false, label: 'Đơn vị tiền tệ', allowed: 'mã ISO 4217 ba chữ in hoa, vd. VND', example: 'VND' }),
      enumOf('budget_source', 'Nguồn kinh phí', ['STATE_BUDGET', 'LOCAL_BUDGET', 'PARTNER', 'ODA_GRANT', 'PRIVATE', 'OTHER'], false, 'LOCAL_BUDGET'),
      enumOf('budget_status', 'Tình trạng kinh phí', ['SECURED', 'COMMITTED', 'REQUESTED', 'NOT_IDENTIFIED'], true, 'SECURED'),
      col({ header: 'staff_count', kind: 'int', required: false, label: 'Số cán bộ', allowed: 'số nguyên từ 0 đến 100000', example: '5' }),
      text('staffing', 'Bố trí nhân lực', 20_000, false, 'Phòng Hợp tác quốc tế'),
      enumOf('counterpart_readiness', 'Sẵn sàng của đối tác', ['READY', 'PARTIAL', 'NOT_READY', 'UNKNOWN'], true, 'READY'),
      text('risks', 'Rủi ro', 20_000, false, 'Thay đổi chính sách của đối tác'),
      enumOf('verdict', 'Kết luận', ['FEASIBLE', 'CONDITIONAL', 'NOT_FEASIBLE'], true, 'FEASIBLE'),
      text('conditions', 'Điều kiện', 20_000, false, ''),
      enumOf('status', 'Trạng thái', ['SUBMITTED', 'APPROVED', 'REJECTED'], true, 'APPROVED'),
      text('decided_by', 'Người quyết định', 120, false, 'Chủ tịch UBND tỉnh'),
      col({ header: 'decided_at', kind: 'instant', required: false, label: 'Thời điểm quyết định', allowed: `${INSTANT_ALLOWED}; bắt buộc khi APPROVED hoặc REJECTED, không trước submitted_at`, example: '2024-02-10T15:00:00+07:00' }),
      text('decision_note', 'Ghi chú quyết định', 20_000, false, ''),
    ],
    check(v, problem) {
      if ((v.status === 'APPROVED' || v.status === 'REJECTED') && !v.decidedAt) problem('decided_at', `Thời điểm quyết định (cột decided_at) bắt buộc khi trạng thái là ${v.status}`);
      if (v.status === 'APPROVED' && v.verdict === 'NOT_FEASIBLE') problem('status', 'Trạng thái (cột status): đánh giá kết luận NOT_FEASIBLE không thể ở trạng thái APPROVED');
      if (v.decidedAt && v.submittedAt && (v.decidedAt as Date) < (v.submittedAt as Date)) problem('decided_at', 'Thời điểm quyết định (cột decided_at) trước thời điểm trình (cột submitted_at)');
      if (v.budgetCurrency && !/^[A-Z]{3}$/.test(String(v.budgetCurrency))) problem('budget_currency', `Đơn vị tiền tệ (cột budget_currency) "${v.budgetCurrency}" không phải mã ISO 4217; cho phép mã ba chữ in hoa, vd. VND`);
      if (v.staffCount !== null && v.staffCount !== undefined && ((v.staffCount as number) < 0 || (v.staffCount as number) > 100_000)) problem('staff_count', 'Số cán bộ (cột staff_count) phải từ 0 đến 100000');
    },
  },
  {
    name: 'Consultations',
    input: 'consultations',
    enumValue: 'CONSULTATIONS',
    entityType: 'Consultation',
    label: 'Lấy ý kiến cơ quan liên quan: ngày gửi, hạn trả lời, ngày trả lời, ý kiến',
    naturalKey: ['consultee', 'sent_on'],
    columns: [
      commitmentCode,
      col({ header: 'consultee', kind: 'agency', required: true, label: 'Cơ quan được lấy ý kiến', example: 'MINISTRY:MOFA' }),
      col({ header: 'sent_on', kind: 'date', required: true, label: 'Ngày gửi', example: '2024-02-12' }),
      col({ header: 'due_on', kind: 'date', required: false, label: 'Hạn trả lời', allowed: 'ngày có thật dạng YYYY-MM-DD, không trước sent_on; để trống: tính theo số ngày làm việc của quy định hiện hành tại ngày gửi', example: '2024-02-21' }),
      col({ header: 'replied_at', kind: 'instant', required: false, label: 'Thời điểm trả lời', allowed: `${INSTANT_ALLOWED}; bắt buộc khi có ý kiến`, example: '2024-02-19T16:00:00+07:00' }),
      enumOf('opinion', 'Ý kiến', ['AGREE', 'AGREE_WITH_COMMENTS', 'DISAGREE'], false, 'AGREE'),
      text('comments', 'Nội dung góp ý', 20_000, false, ''),
      text('document_ref', 'Văn bản trả lời', 300, false, 'Công văn 123/BNG-LPQT'),
    ],
    check(v, problem) {
      if (v.opinion && !v.repliedAt) problem('replied_at', 'Thời điểm trả lời (cột replied_at) bắt buộc khi có ý kiến (cột opinion)');
      if (v.dueOn && v.sentOn && String(v.dueOn) < String(v.sentOn)) problem('due_on', `Hạn trả lời (cột due_on) ${v.dueOn} trước ngày gửi ${v.sentOn}`);
    },
  },
  {
    name: 'PostSigningCopies',
    input: 'postSigningCopies',
    enumValue: 'POST_SIGNING_COPIES',
    entityType: 'Commitment',
    label: 'Gửi bản sao điều ước/thỏa thuận đã ký cho Bộ Ngoại giao (15 ngày) và báo cáo Thủ tướng (địa phương)',
    naturalKey: [],
    columns: [
      commitmentCode,
      col({ header: 'copy_sent_at', kind: 'instant', required: false, label: 'Thời điểm gửi bản sao cho Bộ Ngoại giao', allowed: `${INSTANT_ALLOWED}; không trước ngày ký`, example: '2024-03-20T10:00:00+07:00' }),
      col({ header: 'pm_report_sent_at', kind: 'instant', required: false, label: 'Thời điểm báo cáo Thủ tướng', allowed: `${INSTANT_ALLOWED}; không trước ngày ký`, example: '2024-03-25T10:00:00+07:00' }),
    ],
    check(v, problem) {
      if (!v.copySentAt && !v.pmReportSentAt) problem('copy_sent_at', 'Thời điểm gửi bản sao (cột copy_sent_at) hoặc báo cáo Thủ tướng (cột pm_report_sent_at): cần ít nhất một');
    },
  },
  {
    name: 'ActionPrograms',
    input: 'actionPrograms',
    enumValue: 'ACTION_PROGRAMS',
    entityType: 'ActionProgram',
    label: 'Chương trình/kế hoạch thực hiện (dài hạn hoặc hằng năm) và ngày phê duyệt',
    naturalKey: ['kind', 'year'],
    columns: [
      commitmentCode,
      enumOf('kind', 'Loại chương trình', ['LONG_TERM', 'ANNUAL'], true, 'LONG_TERM'),
      col({ header: 'year', kind: 'int', required: false, label: 'Năm', allowed: 'năm 1945–2200; bắt buộc với ANNUAL (năm kế hoạch), năm đầu với LONG_TERM', example: '2024' }),
      text('title', 'Tên chương trình', 500, true, 'Kế hoạch thực hiện Thỏa thuận hợp tác thương mại biên giới'),
      enumOf('status', 'Trạng thái', ['DRAFT', 'APPROVED'], true, 'APPROVED'),
      col({ header: 'approved_at', kind: 'instant', required: false, label: 'Thời điểm phê duyệt', allowed: `${INSTANT_ALLOWED}; bắt buộc khi APPROVED`, example: '2024-04-05T09:00:00+07:00' }),
      text('approved_by', 'Người phê duyệt', 120, false, 'Chủ tịch UBND tỉnh'),
      text('approval_document', 'Văn bản phê duyệt', 300, false, 'Quyết định 456/QĐ-UBND'),
      col({ header: 'submitted_to_mofa_at', kind: 'instant', required: false, label: 'Thời điểm gửi Bộ Ngoại giao', example: '2023-11-10T09:00:00+07:00' }),
    ],
    check(v, problem) {
      if (v.kind === 'ANNUAL' && (v.year === null || v.year === undefined)) problem('year', 'Năm (cột year) bắt buộc với chương trình hằng năm (ANNUAL)');
      if (v.year !== null && v.year !== undefined && ((v.year as number) < 1945 || (v.year as number) > 2200)) problem('year', `Năm (cột year) ${v.year} phải trong khoảng 1945–2200`);
      if (v.status === 'APPROVED' && !v.approvedAt) problem('approved_at', 'Thời điểm phê duyệt (cột approved_at) bắt buộc khi trạng thái là APPROVED');
      if (v.status === 'DRAFT' && v.approvedAt) problem('approved_at', 'Thời điểm phê duyệt (cột approved_at) chỉ ghi khi trạng thái là APPROVED');
    },
  },
  {
    name: 'Milestones',
    input: 'milestones',
    enumValue: 'MILESTONES',
    entityType: 'Milestone',
    label: 'Nhiệm vụ/mốc của chương trình: hạn, bắt đầu, hoàn thành, trọng số, cán bộ phụ trách, sản phẩm',
    naturalKey: ['task'],
    columns: [
      commitmentCode,
      enumOf('program_kind', 'Loại chương trình chứa mốc', ['LONG_TERM', 'ANNUAL'], true, 'LONG_TERM'),
      col({ header: 'program_year', kind: 'int', required: false, label: 'Năm của chương trình chứa mốc', allowed: 'năm của chương trình (cột year trang ActionPrograms); để trống khi chương trình không ghi năm', example: '2024' }),
      text('task', 'Nhiệm vụ', 500, true, 'Tổ chức hội chợ thương mại biên giới'),
      col({ header: 'parent_task', kind: 'text', max: 500, required: false, label: 'Nhiệm vụ cha', allowed: 'nhiệm vụ (cột task) khác của cùng cam kết', example: '' }),
      col({ header: 'owner_agency', kind: 'agency', required: false, label: 'Cơ quan thực hiện', allowed: `${AGENCY_ALLOWED}; để trống: cơ quan chủ trì`, example: 'LOCALITY:20' }),
      col({ header: 'responsible_official', kind: 'official', required: false, label: 'Cán bộ phụ trách', example: 'a1f0c6de-0001-4c1e-9a00-000000000004' }),
      col({ header: 'due_on', kind: 'date', required: false, label: 'Hạn hoàn thành', example: '2024-09-30' }),
      col({ header: 'planned_start', kind: 'date', required: false, label: 'Bắt đầu dự kiến', example: '2024-05-01' }),
      col({ header: 'started_on', kind: 'date', required: false, label: 'Ngày bắt đầu thực tế', example: '2024-05-06' }),
      col({ header: 'completed_at', kind: 'instant', required: false, label: 'Thời điểm hoàn thành', allowed: `${INSTANT_ALLOWED}; không cùng với cancelled_at`, example: '2024-09-20T17:00:00+07:00' }),
      col({ header: 'cancelled_at', kind: 'instant', required: false, label: 'Thời điểm hủy', example: '' }),
      text('cancellation_reason', 'Lý do hủy', 500, false, ''),
      col({ header: 'weight', kind: 'decimal', scale: 2, required: false, label: 'Trọng số', allowed: 'số dương, tối đa 2 chữ số sau dấu chấm', example: '2.00' }),
      text('deliverable', 'Sản phẩm', 500, false, 'Báo cáo kết quả hội chợ'),
      text('means_of_verification', 'Cách kiểm chứng', 500, false, 'Biên bản tổng kết'),
    ],
    check(v, problem) {
      if (v.completedAt && v.cancelledAt) problem('cancelled_at', 'Thời điểm hủy (cột cancelled_at): một mốc đã hoàn thành (cột completed_at) không thể đồng thời bị hủy');
      if (v.cancelledAt && !v.cancellationReason) problem('cancellation_reason', 'Lý do hủy (cột cancellation_reason) bắt buộc khi có thời điểm hủy');
      if (v.weight !== null && v.weight !== undefined && !(Number(v.weight) > 0)) problem('weight', `Trọng số (cột weight) ${v.weight} phải lớn hơn 0`);
      if (v.parentTask && v.parentTask === v.task) problem('parent_task', 'Nhiệm vụ cha (cột parent_task) không thể là chính nhiệm vụ này');
    },
  },
  {
    name: 'Results',
    input: 'results',
    enumValue: 'RESULTS',
    entityType: 'Result',
    label: 'Kết quả (IATI: đầu ra, kết quả, tác động)',
    naturalKey: ['title'],
    columns: [
      commitmentCode,
      text('title', 'Tên kết quả', 500, true, 'Kim ngạch thương mại biên giới tăng'),
      enumOf('type', 'Loại kết quả', ['OUTPUT', 'OUTCOME', 'IMPACT', 'OTHER'], true, 'OUTCOME'),
      text('description', 'Mô tả', 20_000, false, ''),
    ],
  },
  {
    name: 'Indicators',
    input: 'indicators',
    enumValue: 'INDICATORS',
    entityType: 'Indicator',
    label: 'Chỉ số của kết quả, với giá trị cơ sở',
    naturalKey: ['result_title', 'title'],
    columns: [
      commitmentCode,
      col({ header: 'result_title', kind: 'text', max: 500, required: true, label: 'Kết quả', allowed: 'tên kết quả (cột title trang Results) của cùng cam kết', example: 'Kim ngạch thương mại biên giới tăng' }),
      text('title', 'Tên chỉ số', 500, true, 'Số hội chợ tổ chức'),
      enumOf('measure', 'Đơn vị đo', ['UNIT', 'PERCENTAGE', 'NOMINAL', 'ORDINAL', 'QUALITATIVE'], true, 'UNIT'),
      enumOf('direction', 'Chiều mong muốn', ['ASCENDING', 'DESCENDING'], true, 'ASCENDING'),
      col({ header: 'baseline_value', kind: 'decimal', scale: 4, required: false, label: 'Giá trị cơ sở', example: '0.0000' }),
      col({ header: 'baseline_year', kind: 'int', required: false, label: 'Năm cơ sở', allowed: 'năm 1945–2200', example: '2023' }),
    ],
    check(v, problem) {
      if (v.baselineYear !== null && v.baselineYear !== undefined && ((v.baselineYear as number) < 1945 || (v.baselineYear as number) > 2200)) problem('baseline_year', `Năm cơ sở (cột baseline_year) ${v.baselineYear} phải trong khoảng 1945–2200`);
    },
  },
  {
    name: 'IndicatorPeriods',
    input: 'indicatorPeriods',
    enumValue: 'INDICATOR_PERIODS',
    entityType: 'IndicatorPeriod',
    label: 'Mục tiêu và giá trị thực tế của một chỉ số theo kỳ',
    naturalKey: ['result_title', 'indicator_title', 'period_start'],
    columns: [
      commitmentCode,
      col({ header: 'result_title', kind: 'text', max: 500, required: true, label: 'Kết quả', allowed: 'tên kết quả (trang Results) của cùng cam kết', example: 'Kim ngạch thương mại biên giới tăng' }),
      col({ header: 'indicator_title', kind: 'text', max: 500, required: true, label: 'Chỉ số', allowed: 'tên chỉ số (trang Indicators) của kết quả đó', example: 'Số hội chợ tổ chức' }),
      col({ header: 'period_start', kind: 'date', required: true, label: 'Đầu kỳ', example: '2024-01-01' }),
      col({ header: 'period_end', kind: 'date', required: true, label: 'Cuối kỳ', allowed: 'ngày có thật dạng YYYY-MM-DD, không trước period_start', example: '2024-12-31' }),
      col({ header: 'target', kind: 'decimal', scale: 4, required: false, label: 'Mục tiêu', example: '2.0000' }),
      col({ header: 'actual', kind: 'decimal', scale: 4, required: false, label: 'Thực tế', example: '1.0000' }),
    ],
    check(v, problem) {
      if (v.periodStart && v.periodEnd && String(v.periodEnd) < String(v.periodStart)) problem('period_end', `Cuối kỳ (cột period_end) ${v.periodEnd} trước đầu kỳ ${v.periodStart}`);
    },
  },
  {
    name: 'Obstacles',
    input: 'obstacles',
    enumValue: 'OBSTACLES',
    entityType: 'Obstacle',
    label: 'Khó khăn, vướng mắc: phát hiện, kiến nghị lên cấp trên, giải quyết',
    naturalKey: ['detected_at', 'category'],
    columns: [
      commitmentCode,
      col({ header: 'detected_at', kind: 'instant', required: true, label: 'Thời điểm phát hiện', example: '2024-06-01T10:00:00+07:00' }),
      enumOf('category', 'Nhóm', ['LEGAL', 'FINANCIAL', 'ADMINISTRATIVE', 'TECHNICAL', 'PARTNER', 'COORDINATION', 'OTHER'], true, 'FINANCIAL'),
      enumOf('severity', 'Mức độ', ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], true, 'MEDIUM'),
      text('description', 'Mô tả', 20_000, true, 'Chậm bố trí kinh phí đối ứng'),
      text('detected_by', 'Người phát hiện', 200, true, 'Sở Công Thương'),
      col({ header: 'beyond_authority', kind: 'bool', required: false, label: 'Vượt thẩm quyền', allowed: 'yes hoặc no (mặc định no)', example: 'no' }),
      col({ header: 'milestone_task', kind: 'text', max: 500, required: false, label: 'Mốc liên quan', allowed: 'nhiệm vụ (cột task trang Milestones) của cùng cam kết', example: 'Tổ chức hội chợ thương mại biên giới' }),
      col({ header: 'escalated_to', kind: 'agency', required: false, label: 'Kiến nghị lên', example: '' }),
      col({ header: 'escalated_at', kind: 'instant', required: false, label: 'Thời điểm kiến nghị', allowed: `${INSTANT_ALLOWED}; cần escalated_to, không trước detected_at`, example: '' }),
      col({ header: 'resolved_at', kind: 'instant', required: false, label: 'Thời điểm giải quyết', allowed: `${INSTANT_ALLOWED}; không trước detected_at`, example: '2024-07-15T16:00:00+07:00' }),
      text('resolution', 'Cách giải quyết', 20_000, false, 'Bố trí kinh phí bổ sung'),
    ],
    check(v, problem) {
      if (v.escalatedAt && !v.escalatedTo) problem('escalated_to', 'Kiến nghị lên (cột escalated_to) bắt buộc khi có thời điểm kiến nghị (cột escalated_at)');
      if (v.escalatedAt && v.detectedAt && (v.escalatedAt as Date) < (v.detectedAt as Date)) problem('escalated_at', 'Thời điểm kiến nghị (cột escalated_at) trước thời điểm phát hiện');
      if (v.resolvedAt && v.detectedAt && (v.resolvedAt as Date) < (v.detectedAt as Date)) problem('resolved_at', 'Thời điểm giải quyết (cột resolved_at) trước thời điểm phát hiện');
    },
  },
  {
    name: 'Feedback',
    input: 'feedback',
    enumValue: 'FEEDBACK',
    entityType: 'Feedback',
    label: 'Phản ánh, góp ý của người dân, doanh nghiệp về cam kết: nhận, xác nhận, trả lời, giải quyết (không ghi thông tin liên hệ)',
    naturalKey: ['received_at', 'subject'],
    columns: [
      commitmentCode,
      col({ header: 'received_at', kind: 'instant', required: true, label: 'Thời điểm nhận', example: '2024-08-01T09:00:00+07:00' }),
      text('subject', 'Tiêu đề', 200, true, 'Góp ý về thủ tục xuất khẩu qua cửa khẩu'),
      enumOf('submitter_kind', 'Người gửi', ['BUSINESS', 'CITIZEN', 'EXPERT', 'ASSOCIATION', 'ORGANISATION'], true, 'BUSINESS'),
      text('submitter_name', 'Tên người gửi', 200, false, ''),
      text('body', 'Nội dung', 20_000, true, 'Đề nghị rút ngắn thời gian thông quan'),
      enumOf('status', 'Trạng thái', ['RECEIVED', 'ACKNOWLEDGED', 'RESPONDED', 'RESOLVED'], true, 'RESOLVED'),
      col({ header: 'acknowledged_at', kind: 'instant', required: false, label: 'Thời điểm xác nhận đã nhận', allowed: `${INSTANT_ALLOWED}; bắt buộc từ trạng thái ACKNOWLEDGED`, example: '2024-08-02T09:00:00+07:00' }),
      col({ header: 'responded_at', kind: 'instant', required: false, label: 'Thời điểm trả lời', allowed: `${INSTANT_ALLOWED}; bắt buộc khi RESPONDED`, example: '2024-08-10T09:00:00+07:00' }),
      text('response', 'Nội dung trả lời', 20_000, false, 'Đã làm việc với Hải quan cửa khẩu'),
      col({ header: 'resolved_at', kind: 'instant', required: false, label: 'Thời điểm giải quyết xong', allowed: `${INSTANT_ALLOWED}; bắt buộc khi RESOLVED`, example: '2024-08-20T09:00:00+07:00' }),
      text('resolution', 'Kết quả giải quyết', 20_000, false, 'Thời gian thông quan giảm còn 2 giờ'),
    ],
    check(v, problem) {
      if (v.status !== 'RECEIVED' && !v.acknowledgedAt) problem('acknowledged_at', `Thời điểm xác nhận (cột acknowledged_at) bắt buộc khi trạng thái là ${v.status}`);
      if (v.status === 'RESPONDED' && !v.respondedAt) problem('responded_at', 'Thời điểm trả lời (cột responded_at) bắt buộc khi trạng thái là RESPONDED');
      if (v.status === 'RESOLVED' && !v.resolvedAt) problem('resolved_at', 'Thời điểm giải quyết (cột resolved_at) bắt buộc khi trạng thái là RESOLVED');
      if (v.respondedAt && !v.response) problem('response', 'Nội dung trả lời (cột response) bắt buộc khi có thời điểm trả lời');
      for (const h of ['acknowledged_at', 'responded_at', 'resolved_at'] as const) {
        const at = v[camel(h)] as Date | null;
        if (at && v.receivedAt && at < (v.receivedAt as Date)) problem(h, `${h} trước thời điểm nhận (cột received_at)`);
      }
    },
  },
];

export const SHEET_BY_INPUT = new Map(SHEETS.map((s) => [s.input, s]));
export const SHEET_BY_NAME = new Map(SHEETS.map((s) => [s.name, s]));
export const SHEET_BY_ENUM = new Map(SHEETS.map((s) => [s.enumValue, s]));

/**
 * Checks one row of a sheet: every problem reported, each naming the column by its header and what is allowed. A
 * sheet keeps an agency as its cell text (`LOCALITY:20`) and an instant to the whole second, as the export writes it
 * and natural keys compare it; the sheet's own checks run only on a row whose cells are all valid.
 */
export function validateSheetRow(def: SheetDef, sheet: string, row: number, cells: Record<string, unknown>): { value: SheetValues | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const out = readCells(def.columns, sheet, row, cells, problems, { agency: 'text', instant: 'second' }) as SheetValues;
  if (!problems.length && def.check) def.check(out, (header, message) => problems.push({ sheet, row, column: header, message }));
  return problems.length ? { value: null, problems } : { value: out, problems };
}

/** The key that finds a row's record again within its commitment ("" for one record per commitment). */
export function naturalKeyOf(def: SheetDef, v: SheetValues): string {
  return JSON.stringify(def.naturalKey.map((h) => cellText(v[camel(h)] ?? null)));
}

/** A typed value as the file writes it: instants in +07:00 with seconds, booleans as yes/no. */
export function cellText(value: string | number | boolean | Date | null): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return legalInstant(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Typed values -> header-keyed cells (the export's rows). */
export function sheetCells(def: SheetDef, v: SheetValues): Record<string, string> {
  return Object.fromEntries(def.columns.map((c) => [c.header, cellText(v[c.key] ?? null)]));
}

/** Header-keyed cells (as in the file) -> the API's row input for this sheet. */
export function sheetRowInput(def: SheetDef, byHeader: Record<string, string>): Record<string, string> {
  return Object.fromEntries(def.columns.map((c) => [c.key, byHeader[c.header] ?? '']));
}

/** The commitment code a row's cells name (trimmed), before validation. */
export const commitmentCodeOf = (cells: Record<string, unknown>) => (typeof cells.commitmentCode === 'string' ? cells.commitmentCode.trim() : '');

/** The column table of a sheet in the README (generated from the definition, checked by a test). */
export function sheetTableMarkdown(def: SheetDef): string {
  const lines = ['| Column | Required | Meaning (vi) | Allowed | Example |', '|---|---|---|---|---|'];
  for (const c of def.columns) lines.push(`| \`${c.header}\` | ${c.required ? 'yes' : 'no'} | ${c.label} | ${c.allowed} | ${c.example ? `\`${c.example}\`` : ''} |`);
  return lines.join('\n');
}

export { splitList };
