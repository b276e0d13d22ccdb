/**
 * The periodic and term report (DOCX): a quarter, a year or the 2021–2025 term, made of the KPI API's figures
 * (`kpis`, `kpiSeries`, `leagueTable`, `needsAttention`) fetched through the gateway with the caller's identity, so it
 * shows what that user may see. Figures by quarter and by field with the change on the same period a year earlier,
 * the league tables of ministries and provinces, the attention list, and charts of the main series as PNG images
 * (charts.ts: ECharts SSR + resvg, offline). Every number in the document is the API's, only formatted.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { inOrderAtMost } from '../concurrency';
import { chartPng, type ChartImage } from './charts';
import type { RunOperation } from './export';

// ---------------------------------------------------------------------------------------------------------------
// The period asked for
// ---------------------------------------------------------------------------------------------------------------

export type ReportPeriod = { kind: 'TERM' } | { kind: 'YEAR'; year: number } | { kind: 'QUARTER'; year: number; index: number };

/** A caller's mistake in the report's parameters: BAD_USER_INPUT naming the parameter. */
export class ReportInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The API's TERM period: the one term the KPIs know (DESIGN section 6). */
export const TERM = { label: '2021-2025', from: 2021, to: 2025 } as const;

/** `{ term: '2021-2025' }`, `{ year: '2025' }` or `{ quarter: '2025-Q3' }` (exactly one). */
export function parseReportPeriod(choice: { term?: string | null; year?: string | null; quarter?: string | null }): ReportPeriod {
  const given = (['term', 'year', 'quarter'] as const).filter((k) => choice[k] !== undefined && choice[k] !== null);
  if (given.length !== 1) throw new ReportInputError(given[1] ?? 'period', `Choose one period: term=${TERM.label}, year=YYYY or quarter=YYYY-Qn${given.length ? ` (got ${given.join(' and ')})` : ''}.`);
  const year = (text: string, field: string) => {
    const y = Number(text);
    if (!/^\d{4}$/.test(text) || y < 1945 || y > 2200) throw new ReportInputError(field, `${field}: a year from 1945 to 2200, e.g. 2025 (got "${text}").`);
    return y;
  };
  if (choice.term != null) {
    if (choice.term.replace('–', '-') !== TERM.label) throw new ReportInputError('term', `term: only the ${TERM.label} term has KPIs (got "${choice.term}").`);
    return { kind: 'TERM' };
  }
  if (choice.year != null) return { kind: 'YEAR', year: year(choice.year, 'year') };
  const m = /^(\d{4})-Q([1-4])$/i.exec(choice.quarter!);
  if (!m) throw new ReportInputError('quarter', `quarter: YYYY-Qn with n from 1 to 4, e.g. 2025-Q3 (got "${choice.quarter}").`);
  return { kind: 'QUARTER', year: year(m[1], 'quarter'), index: Number(m[2]) };
}

const ROMAN = ['I', 'II', 'III', 'IV'];
export function periodLabel(p: ReportPeriod): string {
  if (p.kind === 'TERM') return `nhiệm kỳ ${TERM.from}–${TERM.to}`;
  if (p.kind === 'YEAR') return `năm ${p.year}`;
  return `quý ${ROMAN[p.index - 1]}/${p.year}`;
}
const shortLabel = (p: ReportPeriod) => (p.kind === 'TERM' ? `${TERM.from}–${TERM.to}` : p.kind === 'YEAR' ? String(p.year) : `Q${p.index}/${p.year}`);

function periodInput(p: ReportPeriod): Record<string, unknown> {
  return p.kind === 'TERM' ? { kind: 'TERM' } : p.kind === 'YEAR' ? { kind: 'YEAR', year: p.year } : { kind: 'QUARTER', year: p.year, index: p.index };
}

const pad = (n: number) => String(n).padStart(2, '0');
const quarterStart = (year: number, index: number) => `${year}-${pad(index * 3 - 2)}-01`;
const quarterEnd = (year: number, index: number) => `${year}-${pad(index * 3)}-${index === 1 || index === 4 ? '31' : '30'}`;

/** The quarters the by-quarter table and charts cover: the term's 20, the year's 4, or the 4 ending with the quarter. */
export function seriesRange(p: ReportPeriod): { from: string; to: string } {
  if (p.kind === 'TERM') return { from: `${TERM.from}-01-01`, to: `${TERM.to}-12-31` };
  if (p.kind === 'YEAR') return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
  const first = p.index === 4 ? { year: p.year, index: 1 } : { year: p.year - 1, index: p.index + 1 };
  return { from: quarterStart(first.year, first.index), to: quarterEnd(p.year, p.index) };
}

/**
 * The columns of the by-field table: the same period a year earlier and the period itself; for the term, each of its
 * years and then the whole term (a commitment with several fields counts under each of them, as K1 `byField` does).
 */
export function fieldColumns(p: ReportPeriod): { label: string; period: ReportPeriod }[] {
  if (p.kind === 'TERM') {
    const years = Array.from({ length: TERM.to - TERM.from + 1 }, (_, i) => ({ label: String(TERM.from + i), period: { kind: 'YEAR', year: TERM.from + i } as ReportPeriod }));
    return [...years, { label: `Cả nhiệm kỳ`, period: p }];
  }
  const previous: ReportPeriod = p.kind === 'YEAR' ? { kind: 'YEAR', year: p.year - 1 } : { kind: 'QUARTER', year: p.year - 1, index: p.index };
  return [
    { label: shortLabel(previous), period: previous },
    { label: shortLabel(p), period: p },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------------------

const FIGURE = 'value numerator denominator';
const LEAGUE_ROW = `agency { __typename ... on Ministry { id name } ... on Locality { id name } } signed sixClearRate medianLag onTimeRate stalledRate feedbackSlaRate activeCommitments`;

/**
 * The report's operations for a period: the figures, each KPI series, the league tables. Separate operations, so each
 * is one modest fetch to the commitments subgraph, inside the gateway's subgraph timeout; `termReportData` runs them
 * and merges their answers.
 */
export function termReportOperations(p: ReportPeriod, asOf: string | null): { name: string; query: string; variables: Record<string, unknown> }[] {
  const columns = fieldColumns(p);
  const { from, to } = seriesRange(p);
  const figures = `query TermReportFigures($period: PeriodInput!, $asOf: Date${columns.map((_, i) => `, $c${i}: PeriodInput!`).join('')}) {
  report: kpis(period: $period, asOf: $asOf) {
    period { label from to } asOf
    signed { count { value } previousCount yearOnYear { ${FIGURE} } byField { key count } }
    sixClear { rate { ${FIGURE} } mostMissing }
    feasibility { ${FIGURE} } consultation { ${FIGURE} } copies { ${FIGURE} } planCoverage { ${FIGURE} }
    lag { median p75 actedOn waiting { numerator } }
    milestones { due onTimeRate { ${FIGURE} } }
    stalled { rate { ${FIGURE} } }
  }
${columns.map((_, i) => `  c${i}: kpis(period: $c${i}) { signed { count { value } byField { key count } } }`).join('\n')}
}`;
  const series = (alias: string, kpi: string, fields: string) => ({
    name: `TermReportSeries${alias.toUpperCase()}`,
    query: `query TermReportSeries${alias.toUpperCase()}($from: Date!, $to: Date!) { ${alias}: kpiSeries(kpi: ${kpi}, from: $from, to: $to) { ${fields} } }`,
    variables: { from, to },
  });
  const league = `query TermReportLeague($period: PeriodInput!, $asOf: Date) {
  ministries: leagueTable(kind: MINISTRY, period: $period, asOf: $asOf, orderBy: { column: SIGNED, direction: DESC }) { ${LEAGUE_ROW} }
  provinces: leagueTable(kind: PROVINCE, period: $period, asOf: $asOf, orderBy: { column: SIGNED, direction: DESC }) { ${LEAGUE_ROW} }
}`;
  return [
    { name: 'TermReportFigures', query: figures, variables: { period: periodInput(p), asOf, ...Object.fromEntries(columns.map((c, i) => [`c${i}`, periodInput(c.period)])) } },
    // The longest first (measured cold at 100,000 commitments: league 3–7 s, K3 and K17 series 6–7 s each, the
    // others under 1 s), so operations side by side (termReport's concurrency) finish close together.
    { name: 'TermReportLeague', query: league, variables: { period: periodInput(p), asOf } },
    series('k3', 'K3_SIX_CLEAR_RATE', 'value'),
    series('k17', 'K17_STALLED_RATE', 'value'),
    series('k10', 'K10_MEDIAN_LAG', 'value'),
    series('k12', 'K12_ON_TIME_RATE', 'value'),
    series('k1', 'K1_SIGNED', 'period { label from } value previous ratio'),
  ];
}

/**
 * Runs the report's operations as the caller and merges their answers, at most `concurrency` at a time, in the order
 * `termReportOperations` lists them (the longest first; `termReport` adds the attention list). On MySQL/MariaDB
 * two at a time use both cores of a 2-core server (each operation's long statements run on one database thread);
 * on the embedded engine (sql.js, single-threaded) operations side by side only queue behind each other and each
 * comes nearer the gateway's subgraph timeout, so it is run with 1 (see REPORT_CONCURRENCY in the README).
 */
export async function termReportData(run: RunOperation, p: ReportPeriod, asOf: string | null, concurrency = 1): Promise<TermReportData> {
  const ops = termReportOperations(p, asOf);
  const parts = await inOrderAtMost(concurrency, ops.map((op) => () => run<Partial<TermReportData>>(op.query, op.variables)));
  return Object.assign({}, ...parts) as TermReportData;
}

/** The attention list, on the date the report's stock figures are judged. */
export const ATTENTION_QUERY = `query TermReportAttention($asOf: Date, $first: Int) {
  needsAttention(asOf: $asOf, first: $first) {
    reason detail ageDays since
    commitment { code title }
    agency { __typename ... on Ministry { name } ... on MinistryUnit { name } ... on Locality { name } ... on ProvincialDepartment { name } }
    responsibleOfficial { __typename ... on Official { fullName } ... on LocalOfficial { fullName } }
  }
}`;

export interface Figure {
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface Count {
  key: string;
  count: number;
}
export interface LeagueRowData {
  agency: { __typename: string; id: string; name: string } | null;
  signed: number;
  sixClearRate: number | null;
  medianLag: number | null;
  onTimeRate: number | null;
  stalledRate: number | null;
  feedbackSlaRate: number | null;
  activeCommitments: number;
}
export interface TermReportData {
  report: {
    period: { label: string; from: string; to: string };
    asOf: string;
    signed: { count: { value: number | null }; previousCount: number | null; yearOnYear: Figure; byField: Count[] };
    sixClear: { rate: Figure; mostMissing: string[] };
    feasibility: Figure;
    consultation: Figure;
    copies: Figure;
    planCoverage: Figure;
    lag: { median: number | null; p75: number | null; actedOn: number; waiting: { numerator: number } };
    milestones: { due: number; onTimeRate: Figure };
    stalled: { rate: Figure };
  } | null;
  k1: { period: { label: string; from: string }; value: number | null; previous: number | null; ratio: number | null }[] | null;
  k3: { value: number | null }[] | null;
  k10: { value: number | null }[] | null;
  k12: { value: number | null }[] | null;
  k17: { value: number | null }[] | null;
  ministries: LeagueRowData[] | null;
  provinces: LeagueRowData[] | null;
  [column: `c${number}`]: { signed: { count: { value: number | null }; byField: Count[] } } | null;
}
export interface AttentionItemData {
  reason: string;
  detail: string;
  ageDays: number;
  since: string;
  commitment: { code: string; title: string } | null;
  agency: { __typename: string; name: string } | null;
  responsibleOfficial: { __typename: string; fullName: string } | null;
}
export interface AttentionData {
  needsAttention: AttentionItemData[] | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting (exported: the test formats the API's numbers the same way to find them in the document)
// ---------------------------------------------------------------------------------------------------------------

const vi = (digits: number) => new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const NONE = '—';
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? NONE : vi(0).format(n);
}
/** A share of 1 as a percentage with one decimal (0.125 → "12,5%"). */
export function formatRate(r: number | null | undefined): string {
  return r === null || r === undefined ? NONE : `${vi(1).format(r * 100)}%`;
}
/** Days (a median may fall between two whole days). */
export function formatDays(d: number | null | undefined): string {
  return d === null || d === undefined ? NONE : vi(1).format(d);
}
/** The change from `previous` to `current` as a signed percentage ("+150,0%"); none when there was nothing before. */
export function formatChange(current: number | null | undefined, previous: number | null | undefined): string {
  if (current === null || current === undefined || !previous) return NONE;
  const change = (current / previous - 1) * 100;
  return `${change > 0 ? '+' : ''}${vi(1).format(change)}%`;
}
/** A KPI figure: its value and what it is made of ("12,5% (3/24)"). */
export function formatFigure(f: Figure, as: 'rate' | 'ratio' = 'rate'): string {
  if (f.value === null) return `${NONE} (${formatCount(f.numerator)}/${formatCount(f.denominator)})`;
  return `${as === 'rate' ? formatRate(f.value) : `×${vi(2).format(f.value)}`} (${formatCount(f.numerator)}/${formatCount(f.denominator)})`;
}

export const FIELD_LABELS: Record<string, string> = {
  POLITICS_DIPLOMACY: 'Chính trị – ngoại giao',
  ECONOMY_TRADE_INVESTMENT: 'Kinh tế – thương mại – đầu tư',
  SCIENCE_TECHNOLOGY_INNOVATION: 'Khoa học, công nghệ và đổi mới sáng tạo',
  DIGITAL_TRANSFORMATION: 'Chuyển đổi số',
  EDUCATION_TRAINING: 'Giáo dục – đào tạo',
  ENERGY: 'Năng lượng',
  SECURITY_DEFENCE: 'Quốc phòng – an ninh',
  CONSTRUCTION_TRANSPORT: 'Xây dựng – giao thông',
  AGRICULTURE_ENVIRONMENT: 'Nông nghiệp – môi trường',
  HEALTH: 'Y tế',
  LABOUR: 'Lao động',
  CULTURE_SPORT_TOURISM: 'Văn hóa, thể thao và du lịch',
  JUSTICE: 'Tư pháp',
  PEOPLE_TO_PEOPLE: 'Giao lưu nhân dân',
};
export const REASON_LABELS: Record<string, string> = {
  STALLED: 'Đình trệ (K17)',
  OBSTACLE_AWAITING_ESCALATION: 'Vướng mắc vượt thẩm quyền chưa báo cáo cấp trên',
  OPINION_OVERDUE: 'Ý kiến quá hạn (V3)',
  COPY_OVERDUE: 'Chưa sao gửi Bộ Ngoại giao (V4)',
  FEEDBACK_PAST_SLA: 'Phản ánh quá 15 ngày làm việc',
  ANNUAL_PLAN_MISSING: 'Chưa gửi kế hoạch năm (V7)',
};
const SIX_CLEAR_LABELS: Record<string, string> = { PERSON: 'rõ người', TASK: 'rõ việc', TIME: 'rõ thời gian', AUTHORITY: 'rõ thẩm quyền', RESPONSIBILITY: 'rõ trách nhiệm', PRODUCT: 'rõ sản phẩm' };
export const fieldLabel = (key: string) => FIELD_LABELS[key] ?? key;
/** The series' quarter labels as the document prints them ("Q3/2025"). */
export const quarterLabel = (from: string) => `Q${Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1}/${from.slice(0, 4)}`;

/** Section headings, in order (the test reads them back). */
export const TERM_REPORT_SECTIONS = [
  'Các chỉ số chính',
  'Số liệu theo quý',
  'Số liệu theo lĩnh vực',
  'Bảng xếp hạng các bộ, cơ quan ngang bộ',
  'Bảng xếp hạng các tỉnh, thành phố',
  'Các vấn đề cần chú ý',
] as const;

// ---------------------------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------------------------

const FONT = 'Times New Roman';
const run = (text: string, options: { bold?: boolean; size?: number; italics?: boolean } = {}) => new TextRun({ text, font: FONT, size: options.size ?? 26, bold: options.bold, italics: options.italics });
const para = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) => new Paragraph({ spacing: { after: 120 }, children: [run(text, options)] });
const heading = (n: number, title: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [run(`${n}. ${title}`, { bold: true, size: 28 })] });

/** A4 less 2 cm margins on each side, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 2 * 1134;

/**
 * A table over the text width. `widths` are the columns' shares (default: the first column twice the others); the
 * `numeric` columns (default: all but the first) are right-aligned.
 */
function table(headers: string[], rows: string[][], options: { numeric?: number[]; widths?: number[] } = {}): Table {
  const numeric = new Set(options.numeric ?? headers.map((_, i) => i).slice(1));
  const shares = options.widths ?? headers.map((_, i) => (i === 0 ? 2 : 1));
  const total = shares.reduce((a, b) => a + b, 0);
  const twips = shares.map((s) => Math.floor((TEXT_WIDTH * s) / total));
  const cell = (value: string, header: boolean, column: number) =>
    new TableCell({
      width: { size: twips[column], type: WidthType.DXA },
      children: [new Paragraph({ alignment: !header && numeric.has(column) ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [run(value, { bold: header, size: 20 })] })],
      ...(header ? { shading: { fill: 'E7ECF5' } } : {}),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: twips,
    layout: TableLayoutType.FIXED,
    rows: [new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, true, i)) }), ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, false, i)) }))],
  });
}

/** A chart in the document, 16 cm wide (A4 with 2 cm margins leaves 17). */
function figure(image: ChartImage, caption: string): Paragraph[] {
  const width = 605; // points at 96 dpi ≈ 16 cm
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new ImageRun({ type: 'png', data: image.png, transformation: { width, height: Math.round((width * image.height) / image.width) }, altText: { name: caption, title: caption, description: caption } })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(caption, { italics: true, size: 22 })] }),
  ];
}

const list = <T>(value: T[] | null | undefined, what: string): T[] => {
  if (!value) throw new Error(`The API returned no ${what}; generate the report again later`);
  return value;
};

/** The charts of the main series (exported for the test and the README image). */
export function termReportCharts(data: TermReportData, p: ReportPeriod): { caption: string; image: ChartImage }[] {
  const k1 = list(data.k1, 'K1 series');
  const quarters = k1.map((q) => quarterLabel(q.period.from));
  const columns = fieldColumns(p);
  const current = data[`c${columns.length - 1}`]!.signed.byField;
  const previous = p.kind === 'TERM' ? null : data.c0!.signed.byField;
  const fields = [...current].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return [
    {
      caption: `Hình 1. Số cam kết được ký kết theo quý (K1) và cùng kỳ năm trước`,
      image: chartPng({
        title: 'Số cam kết được ký kết theo quý',
        categories: quarters,
        series: [
          { name: 'Trong quý', kind: 'bar', values: k1.map((q) => q.value) },
          { name: 'Cùng kỳ năm trước', kind: 'line', values: k1.map((q) => q.previous) },
        ],
        leftAxis: { name: 'cam kết' },
      }),
    },
    {
      caption: 'Hình 2. Tỷ lệ "sáu rõ" (K3), mốc tiến độ đúng hạn (K12) và cam kết đình trệ (K17) theo quý',
      image: chartPng({
        title: 'Các tỷ lệ chính theo quý',
        categories: quarters,
        series: [
          { name: 'Sáu rõ (K3)', kind: 'line', values: list(data.k3, 'K3 series').map((q) => q.value) },
          { name: 'Mốc đúng hạn (K12)', kind: 'line', values: list(data.k12, 'K12 series').map((q) => q.value) },
          { name: 'Đình trệ (K17)', kind: 'line', values: list(data.k17, 'K17 series').map((q) => q.value) },
        ],
        leftAxis: { percent: true },
      }),
    },
    {
      caption: `Hình 3. Cam kết được ký kết theo lĩnh vực, ${periodLabel(p)}${previous ? ' và cùng kỳ năm trước' : ''}`,
      image: chartPng({
        title: `Cam kết theo lĩnh vực — ${shortLabel(p)}`,
        categories: fields.map((f) => fieldLabel(f.key)),
        horizontal: true,
        series: [
          ...(previous ? [{ name: columns[0].label, kind: 'bar' as const, values: fields.map((f) => previous.find((x) => x.key === f.key)?.count ?? 0) }] : []),
          { name: columns[columns.length - 1].label, kind: 'bar' as const, values: fields.map((f) => f.count) },
        ],
        height: Math.max(320, 110 + fields.length * (previous ? 34 : 24)),
      }),
    },
  ];
}

const agencyName = (a: { name: string } | null) => (a ? a.name : '(tên tạm thời không đọc được)');

/** The report as DOCX bytes. */
export async function termReportDocx(data: TermReportData, attention: AttentionData, p: ReportPeriod, options: { attentionLimit?: number } = {}): Promise<Buffer> {
  const r = data.report;
  if (!r) throw new Error('The API returned no KPI report for this period; generate the report again later');
  const k1 = list(data.k1, 'K1 series');
  const [k3, k10, k12, k17] = [list(data.k3, 'K3 series'), list(data.k10, 'K10 series'), list(data.k12, 'K12 series'), list(data.k17, 'K17 series')];
  const columns = fieldColumns(p);
  const byColumn = columns.map((_, i) => data[`c${i}`]!.signed.byField);
  const keys = [...new Set(byColumn.flatMap((c) => c.map((x) => x.key)))];
  const countOf = (i: number, key: string) => byColumn[i].find((x) => x.key === key)?.count ?? 0;
  const last = columns.length - 1;
  keys.sort((a, b) => countOf(last, b) - countOf(last, a) || a.localeCompare(b));
  // YoY for the field table: the period against the same period a year earlier; for the term, its last year against the one before.
  const [now, before] = p.kind === 'TERM' ? [last - 1, last - 2] : [1, 0];
  const changeHeader = p.kind === 'TERM' ? `${columns[now].label} so với ${columns[before].label}` : 'Tăng/giảm so với cùng kỳ';
  const items = list(attention.needsAttention, 'attention list');
  const charts = termReportCharts(data, p);
  const [sectionSummary, sectionQuarters, sectionFields, sectionMinistries, sectionProvinces, sectionAttention] = TERM_REPORT_SECTIONS.map((t, i) => heading(i + 1, t));
  const league = (rows: LeagueRowData[]) =>
    table(
      ['Cơ quan', 'Ký kết (K1)', 'Đang hiệu lực', '"Sáu rõ" (K3)', 'Độ trễ trung vị, ngày (K10)', 'Mốc đúng hạn (K12)', 'Đình trệ (K17)', 'Phản ánh đúng hạn (K20)'],
      rows.map((row) => [agencyName(row.agency), formatCount(row.signed), formatCount(row.activeCommitments), formatRate(row.sixClearRate), formatDays(row.medianLag), formatRate(row.onTimeRate), formatRate(row.stalledRate), formatRate(row.feedbackSlaRate)]),
      { widths: [23, 11, 11, 11, 11, 11, 11, 11] },
    );
  const yoy = r.signed.yearOnYear;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, children: [run('BÁO CÁO TÌNH HÌNH KÝ KẾT VÀ THỰC HIỆN CÁC THỎA THUẬN, CAM KẾT QUỐC TẾ', { bold: true, size: 30 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`Kỳ báo cáo: ${periodLabel(p)} (từ ${r.period.from} đến ${r.period.to})`, { bold: true, size: 28 })] }),
    para(
      `Số liệu lấy từ hệ thống Accords qua API, trong phạm vi người lập báo cáo được xem. Các chỉ số tồn kho (K3, K11, K12, K17, bảng xếp hạng, các vấn đề cần chú ý) được đánh giá tại ngày ${r.asOf}; các chỉ số dòng (K1, K4, K6, K8, K10) đếm sự kiện trong kỳ. Công thức: tài liệu thiết kế, mục 6.`,
      { italics: true, size: 22 },
    ),
    sectionSummary,
    table(
      ['Chỉ số', 'Giá trị (tử số/mẫu số)'],
      [
        ['K1. Số cam kết được ký kết trong kỳ', formatCount(r.signed.count.value)],
        ['K2. So với cùng kỳ năm trước', yoy.value === null ? (p.kind === 'TERM' ? 'Không áp dụng (kỳ dài hơn một năm)' : `${NONE} (cùng kỳ: ${formatCount(r.signed.previousCount)})`) : `${formatFigure(yoy, 'ratio')}, ${formatChange(yoy.numerator, yoy.denominator)}`],
        ['K3. Tỷ lệ cam kết đủ "sáu rõ"', formatFigure(r.sixClear.rate)],
        ['K4. Có thẩm định khả thi được phê duyệt trước khi ký', formatFigure(r.feasibility)],
        ['K6. Lấy ý kiến đúng quy định', formatFigure(r.consultation)],
        ['K8. Sao gửi Bộ Ngoại giao trong 15 ngày', formatFigure(r.copies)],
        ['K10. Độ trễ từ ký đến triển khai, trung vị / phân vị 75 (ngày)', `${formatDays(r.lag.median)} / ${formatDays(r.lag.p75)} (đã triển khai: ${formatCount(r.lag.actedOn)}; chưa: ${formatCount(r.lag.waiting.numerator)})`],
        ['K11. Có chương trình hành động được phê duyệt', formatFigure(r.planCoverage)],
        ['K12. Mốc tiến độ đến hạn hoàn thành đúng hạn', `${formatFigure(r.milestones.onTimeRate)}; đến hạn: ${formatCount(r.milestones.due)}`],
        ['K17. Cam kết đình trệ', formatFigure(r.stalled.rate)],
      ],
      { widths: [55, 45] },
    ),
    para(r.sixClear.mostMissing.length ? `Tiêu chí "sáu rõ" thiếu nhiều nhất: ${r.sixClear.mostMissing.map((f) => SIX_CLEAR_LABELS[f] ?? f).join(', ')}.` : 'Không có tiêu chí "sáu rõ" nào bị thiếu.'),
    sectionQuarters,
    ...figure(charts[0].image, charts[0].caption),
    table(
      ['Quý', 'Ký kết (K1)', 'Cùng kỳ năm trước', 'Tăng/giảm (K2)', '"Sáu rõ" (K3)', 'Độ trễ trung vị, ngày (K10)', 'Mốc đúng hạn (K12)', 'Đình trệ (K17)'],
      k1.map((q, i) => [quarterLabel(q.period.from), formatCount(q.value), formatCount(q.previous), formatChange(q.value, q.previous), formatRate(k3[i]?.value), formatDays(k10[i]?.value), formatRate(k12[i]?.value), formatRate(k17[i]?.value)]),
    ),
    ...figure(charts[1].image, charts[1].caption),
    sectionFields,
    para('Một cam kết thuộc nhiều lĩnh vực được tính ở mỗi lĩnh vực đó.', { italics: true, size: 22 }),
    table(
      ['Lĩnh vực', ...columns.map((c) => c.label), changeHeader],
      [
        ...keys.map((key) => [fieldLabel(key), ...columns.map((_, i) => formatCount(countOf(i, key))), formatChange(countOf(now, key), countOf(before, key))]),
        ['Tổng số cam kết (K1)', ...columns.map((_, i) => formatCount(data[`c${i}`]!.signed.count.value)), formatChange(data[`c${now}`]!.signed.count.value, data[`c${before}`]!.signed.count.value)],
      ],
      { widths: [3.2, ...columns.map(() => 1), 1.4] },
    ),
    ...figure(charts[2].image, charts[2].caption),
    sectionMinistries,
    ...(list(data.ministries, 'league table of ministries').length ? [league(data.ministries!)] : [para('Không có số liệu.')]),
    sectionProvinces,
    ...(list(data.provinces, 'league table of provinces').length ? [league(data.provinces!)] : [para('Không có số liệu.')]),
    sectionAttention,
    para(`Tại ngày ${r.asOf}${options.attentionLimit && items.length >= options.attentionLimit ? ` (${formatCount(items.length)} vấn đề lâu nhất)` : ''}, xếp theo thời gian tồn đọng.`),
    ...(items.length
      ? [
          table(
            ['Vấn đề', 'Cam kết', 'Cơ quan phải xử lý', 'Người chịu trách nhiệm', 'Từ ngày', 'Số ngày', 'Chi tiết'],
            items.map((a) => [REASON_LABELS[a.reason] ?? a.reason, a.commitment ? `${a.commitment.code} — ${a.commitment.title}` : NONE, a.agency ? a.agency.name : NONE, a.responsibleOfficial?.fullName ?? NONE, a.since, formatCount(a.ageDays), a.detail]),
            { numeric: [5], widths: [13, 20, 13, 11, 13, 7, 23] },
          ),
        ]
      : [para('Không có vấn đề nào cần chú ý.')]),
  ];
  const doc = new Document({
    creator: 'Accords',
    title: `Báo cáo ${periodLabel(p)}`,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [{ properties: { page: { size: { orientation: PageOrientation.PORTRAIT }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children }],
  });
  return Packer.toBuffer(doc);
}

/**
 * Runs the report's operations as the caller, `concurrency` at a time (1 by default; see termReportData), the
 * attention list on the figures' `asOf`, and builds the document.
 */
export async function termReport(run: RunOperation, p: ReportPeriod, options: { asOf?: string | null; attentionLimit?: number; concurrency?: number } = {}): Promise<Buffer> {
  const attentionLimit = options.attentionLimit ?? 100;
  const [figuresOp, ...rest] = termReportOperations(p, options.asOf ?? null);
  const figures = run<Partial<TermReportData>>(figuresOp.query, figuresOp.variables).then((part) => {
    if (!part.report) throw new Error('The API returned no KPI report for this period; generate the report again later');
    return { ...part, report: part.report };
  });
  // Awaited below; a failure is reported there, once.
  figures.catch(() => undefined);
  // The attention list needs the figures' as-of date: it is queued third, after the figures and the next operation
  // (the league tables, the longest), so a free place takes it once the figures are in.
  const queued: (() => Promise<Partial<TermReportData> | AttentionData>)[] = rest.map((op) => () => run<Partial<TermReportData>>(op.query, op.variables));
  queued.splice(1, 0, async () => run<AttentionData>(ATTENTION_QUERY, { asOf: (await figures).report.asOf, first: attentionLimit }));
  const [first, ...parts] = await inOrderAtMost(options.concurrency ?? 1, [() => figures, ...queued]);
  const attention = parts.splice(1, 1)[0] as AttentionData;
  const data = Object.assign({}, first, ...parts) as TermReportData;
  return termReportDocx(data, attention, p, { attentionLimit });
}
