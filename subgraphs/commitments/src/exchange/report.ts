/**
 * The written report on one commitment (DOCX, `docx` 9.5.1): generated from one GraphQL operation run through the
 * gateway with the caller's identity, so it shows exactly what that user may see. Sections as leaders asked for them:
 * lead agency, partners, cooperation content, timeline, legal history, six-clear state, milestones with their status,
 * results and indicators, obstacles, challenges and recommendations from the latest progress report.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { RunOperation } from './export';

export const COMMITMENT_REPORT_QUERY = `query CommitmentReport($code: String!, $asOf: Date!) {
  commitment(code: $code) {
    code title titleEn instrumentClass documentType legalStatus implementationStatus cooperationContent
    signedOn plannedStart plannedEnd actualStart actualEnd
    leadAgency { __typename ... on Ministry { id name } ... on MinistryUnit { id name } ... on Locality { id name } ... on ProvincialDepartment { id name } }
    partners { id name }
    legalEvents { from to occurredAt document note }
    sixClear(asOf: $asOf) { complete score flags { name clear missing } }
    milestones(asOf: $asOf) { task dueOn completedAt deliverable responsibleOfficialId status(asOf: $asOf) }
    results { title type indicators { title baselineValue periods { periodStart periodEnd target actual } } }
    obstacles { category description severity detectedAt resolvedAt resolution }
    progressReports { periodStart periodEnd submittedAt challenges recommendations completionLevel deliveryConfidence }
  }
}`;

export interface CommitmentReportData {
  commitment: {
    code: string;
    title: string;
    titleEn: string | null;
    instrumentClass: string;
    documentType: string;
    legalStatus: string;
    implementationStatus: string;
    cooperationContent: string | null;
    signedOn: string | null;
    plannedStart: string | null;
    plannedEnd: string | null;
    actualStart: string | null;
    actualEnd: string | null;
    leadAgency: { id: string; name: string } | null;
    partners: ({ id: string; name: string } | null)[];
    legalEvents: { from: string | null; to: string; occurredAt: string; document: string | null; note: string | null }[];
    sixClear: { complete: boolean; score: number; flags: { name: string; clear: boolean; missing: string | null }[] };
    milestones: { task: string; dueOn: string | null; completedAt: string | null; deliverable: string | null; responsibleOfficialId: string | null; status: string }[];
    results: { title: string; type: string; indicators: { title: string; baselineValue: string | null; periods: { periodStart: string; periodEnd: string; target: string | null; actual: string | null }[] }[] }[];
    obstacles: { category: string; description: string; severity: string; detectedAt: string; resolvedAt: string | null; resolution: string | null }[];
    progressReports: { periodStart: string; periodEnd: string; submittedAt: string; challenges: string | null; recommendations: string | null; completionLevel: string; deliveryConfidence: string }[];
  } | null;
}

/** Section headings, in order (the test reads them back from the document). */
export const REPORT_SECTIONS = [
  'Cơ quan chủ trì',
  'Đối tác',
  'Nội dung hợp tác',
  'Thời gian thực hiện',
  'Quá trình pháp lý',
  'Tình trạng "sáu rõ"',
  'Nhiệm vụ và mốc tiến độ',
  'Kết quả và chỉ số',
  'Vướng mắc',
  'Khó khăn và kiến nghị',
] as const;

const FONT = 'Times New Roman';
const text = (value: string | null | undefined, fallback = '—') => (value && value.trim() ? value : fallback);
const para = (value: string, bold = false) => new Paragraph({ children: [new TextRun({ text: value, bold, font: FONT, size: 26 })] });
const heading = (n: number, title: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: `${n}. ${title}`, font: FONT, bold: true, size: 28 })] });

function table(headers: string[], rows: string[][]): Table {
  const cell = (value: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: value, bold, font: FONT, size: 22 })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

/** The report as DOCX bytes; `asOf` fixes milestone statuses and six-clear (no dependence on today's date). */
export async function commitmentReportDocx(data: CommitmentReportData, asOf: string): Promise<Buffer> {
  const c = data.commitment;
  if (!c) throw new Error('No such commitment, or you may not see it');
  // The latest report: the one covering the latest period (then the last submitted).
  const latest = [...c.progressReports].sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.submittedAt.localeCompare(a.submittedAt))[0];
  const none = (items: unknown[], what: string) => (items.length ? [] : [para(`Chưa có ${what}.`)]);
  const [lead, partners, content, timeline, legal, six, milestones, results, obstacles, advice] = REPORT_SECTIONS.map((title, i) => heading(i + 1, title));
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, children: [new TextRun({ text: 'BÁO CÁO TÌNH HÌNH THỰC HIỆN CAM KẾT', font: FONT, bold: true, size: 32 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${c.code} — ${c.title}`, font: FONT, bold: true, size: 28 })] }),
    para(`Số liệu tính đến ngày ${asOf}. Loại: ${c.instrumentClass}; văn bản: ${c.documentType}; tình trạng pháp lý: ${c.legalStatus}; tình trạng thực hiện: ${c.implementationStatus}.`),
    lead,
    para(c.leadAgency ? `${c.leadAgency.name} (${c.leadAgency.id})` : 'Không đọc được cơ quan chủ trì (dịch vụ tạm thời không sẵn sàng).'),
    partners,
    ...c.partners.map((p) => para(p ? `${p.name} (${p.id})` : 'Không đọc được đối tác (dịch vụ tạm thời không sẵn sàng).')),
    content,
    para(text(c.cooperationContent, 'Chưa ghi nội dung hợp tác.')),
    timeline,
    table(['Ngày ký', 'Bắt đầu dự kiến', 'Kết thúc dự kiến', 'Bắt đầu thực tế', 'Kết thúc thực tế'], [[text(c.signedOn), text(c.plannedStart), text(c.plannedEnd), text(c.actualStart), text(c.actualEnd)]]),
    legal,
    ...none(c.legalEvents, 'sự kiện pháp lý được ghi nhận'),
    ...(c.legalEvents.length ? [table(['Thời điểm', 'Từ', 'Sang', 'Văn bản', 'Ghi chú'], c.legalEvents.map((e) => [e.occurredAt, text(e.from), e.to, text(e.document), text(e.note)]))] : []),
    six,
    para(`${c.sixClear.complete ? 'Đủ sáu rõ' : 'Chưa đủ sáu rõ'}: điểm ${(c.sixClear.score * 6).toFixed(0)}/6.`),
    table(['Tiêu chí', 'Đạt', 'Còn thiếu'], c.sixClear.flags.map((f) => [f.name, f.clear ? 'Có' : 'Không', text(f.missing)])),
    milestones,
    ...none(c.milestones, 'nhiệm vụ'),
    ...(c.milestones.length ? [table(['Nhiệm vụ', 'Hạn', 'Hoàn thành', 'Sản phẩm', 'Người chịu trách nhiệm', 'Trạng thái'], c.milestones.map((m) => [m.task, text(m.dueOn), text(m.completedAt), text(m.deliverable), text(m.responsibleOfficialId), m.status]))] : []),
    results,
    ...none(c.results, 'kết quả'),
    ...c.results.flatMap((r) => [
      para(`${r.title} (${r.type})`, true),
      table(
        ['Chỉ số', 'Cơ sở', 'Kỳ', 'Mục tiêu', 'Thực tế'],
        r.indicators.flatMap((i) => (i.periods.length ? i.periods.map((p) => [i.title, text(i.baselineValue), `${p.periodStart} – ${p.periodEnd}`, text(p.target), text(p.actual)]) : [[i.title, text(i.baselineValue), '—', '—', '—']])),
      ),
    ]),
    obstacles,
    ...none(c.obstacles, 'vướng mắc'),
    ...(c.obstacles.length ? [table(['Loại', 'Mô tả', 'Mức độ', 'Phát hiện', 'Giải quyết'], c.obstacles.map((o) => [o.category, o.description, o.severity, o.detectedAt, o.resolvedAt ? `${o.resolvedAt}: ${text(o.resolution)}` : 'Chưa giải quyết']))] : []),
    advice,
    ...(latest
      ? [
          para(`Theo báo cáo kỳ ${latest.periodStart} – ${latest.periodEnd} (mức hoàn thành ${latest.completionLevel}, độ tin cậy ${latest.deliveryConfidence}):`),
          para('Khó khăn:', true),
          para(text(latest.challenges, 'Không nêu.')),
          para('Kiến nghị:', true),
          para(text(latest.recommendations, 'Không nêu.')),
        ]
      : [para('Chưa có báo cáo tiến độ.')]),
  ];
  const doc = new Document({ creator: 'Accords', title: `${c.code} — ${c.title}`, styles: { default: { document: { run: { font: FONT } } } }, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

/** Runs the report's operation as the caller and builds the document. */
export async function commitmentReport(run: RunOperation, code: string, asOf: string): Promise<Buffer> {
  return commitmentReportDocx(await run<CommitmentReportData>(COMMITMENT_REPORT_QUERY, { code, asOf }), asOf);
}
