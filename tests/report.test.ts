/**
 * Word reports (issue #13, must-show 3, per commitment): generated from the API as the caller, parsed back here
 * (the .docx is a zip of XML): every section is present with the commitment's own data, in Vietnamese.
 */
import JSZip from 'jszip';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { Identity } from '@accords/auth';
import { REPORT_SECTIONS, commitmentReport, type CommitmentReportData } from '@accords/commitments/src/exchange/report';
import type { RunOperation } from '@accords/commitments/src/exchange/export';
import { COMMITMENT_REPORT_QUERY } from '@accords/commitments/src/exchange/report';
import { allModules } from './modules';
import { user } from './workflow';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
}, 120_000);
afterAll(() => graph?.dispose());

const central = user('MINISTRY:MOFA', ['viewer']);
const editor = user('MINISTRY:MOIT', ['editor']);
const approver = user('MINISTRY:MOIT', ['approver']);
async function mutate(query: string, variables: Record<string, unknown>, as: Identity = editor) {
  const result = await graph.query<any>(query, variables, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data)[0] as any;
}
const AS_OF = '2026-06-30';

const runner = (as: Identity): RunOperation => async <T>(query: string, variables: Record<string, unknown>) => {
  const result = await graph.query<any>(query, variables, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
};

/** The document's text, paragraph by paragraph (w:p), runs joined. */
async function documentText(docx: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => decode([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')));
}

describe('the written report on one commitment (DOCX)', () => {
  it('contains every section with the commitment\'s data', async () => {
    // A signed demo commitment of MOIT, given an action plan, milestones, a result, an obstacle and two progress
    // reports through the API (the demo seed in tests has no delivery records).
    const code = 'MOIT-2025-001';
    const { commitment } = await runner(central)<any>('query ($code: String) { commitment(code: $code) { id legalStatus } }', { code });
    expect(commitment.legalStatus).toBe('SIGNED');
    const id = commitment.id;
    const program = await mutate('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: ANNUAL, year: 2026, title: "Kế hoạch năm 2026" }) { id version } }', { id });
    await mutate('mutation ($id: ID!, $v: Int!) { approveActionProgram(id: $id, version: $v, approvedAt: "2026-02-10T09:00:00+07:00", document: "QĐ 88/QĐ-BCT") { id } }', { id: program.id, v: program.version }, approver);
    const done = await mutate('mutation ($id: ID!) { addMilestone(programId: $id, input: { task: "Thành lập tổ công tác liên ngành về điện hạt nhân", dueOn: "2026-03-31", deliverable: "Quyết định thành lập tổ công tác" }) { id version } }', { id: program.id });
    await mutate('mutation ($id: ID!, $v: Int!) { completeMilestone(id: $id, version: $v, completedAt: "2026-03-20T10:00:00+07:00") { id } }', { id: done.id, v: done.version });
    await mutate('mutation ($id: ID!) { addMilestone(programId: $id, input: { task: "Khảo sát địa điểm và đánh giá tác động môi trường", dueOn: "2026-05-31", deliverable: "Báo cáo khảo sát" }) { id } }', { id: program.id });
    await mutate('mutation ($id: ID!) { addResult(commitmentId: $id, input: { type: OUTPUT, title: "Nguồn nhân lực ngành hạt nhân được đào tạo" }) { id } }', { id });
    await mutate('mutation ($id: ID!) { reportObstacle(commitmentId: $id, input: { category: FINANCIAL, description: "Chưa bố trí được vốn đối ứng cho khảo sát", severity: HIGH, detectedAt: "2026-04-15T09:00:00+07:00" }) { id } }', { id });
    for (const [periodEnd, challenges, recommendations] of [
      ['2026-03-31', 'Thủ tục phê duyệt kéo dài', 'Rút gọn thủ tục'],
      ['2026-06-30', 'Vốn đối ứng chưa được bố trí; thiếu chuyên gia thẩm định', 'Đề nghị Bộ Tài chính bố trí vốn trong quý III'],
    ]) {
      await mutate('mutation ($id: ID!, $input: ProgressReportInput!) { submitProgressReport(commitmentId: $id, input: $input) { id } }', {
        id,
        input: { periodStart: `${periodEnd.slice(0, 5)}01-01`, periodEnd, achievements: 'Đã triển khai theo kế hoạch', challenges, recommendations, completionLevel: 'LIMITED', deliveryConfidence: 'AMBER', confidenceJustification: 'Chậm vốn' },
      });
    }
    const richest = { code };

    const docx = await commitmentReport(runner(central), richest.code, AS_OF);
    const paragraphs = await documentText(docx);
    const all = paragraphs.join('\n');
    const { commitment: c } = await runner(central)<CommitmentReportData>(COMMITMENT_REPORT_QUERY, { code: richest.code, asOf: AS_OF });

    // Every section heading, in order.
    const headings = REPORT_SECTIONS.map((title, i) => paragraphs.indexOf(`${i + 1}. ${title}`));
    expect(headings.every((h) => h >= 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    // The commitment's own data under them (Vietnamese with diacritics, as stored).
    expect(all).toContain(`${c!.code} — ${c!.title}`);
    expect(all).toContain(c!.leadAgency!.name);
    for (const p of c!.partners) expect(all).toContain(p!.name);
    for (const m of c!.milestones) {
      expect(all).toContain(m.task);
      expect(all).toContain(m.status);
    }
    for (const f of c!.sixClear.flags) expect(all).toContain(f.name);
    for (const o of c!.obstacles) expect(all).toContain(o.description);
    for (const r of c!.results) expect(all).toContain(r.title);
    const latest = [...c!.progressReports].sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))[0];
    // Challenges and recommendations come from the latest progress report only.
    expect(latest.challenges).toBe('Vốn đối ứng chưa được bố trí; thiếu chuyên gia thẩm định');
    expect(all).toContain(latest.challenges);
    expect(all).toContain(latest.recommendations);
    expect(all).not.toContain('Rút gọn thủ tục');
    expect(c!.milestones.map((m) => m.status).sort()).toEqual(['DONE_ON_TIME', 'OPEN_OVERDUE']);
    expect(all).toMatch(/BÁO CÁO TÌNH HÌNH THỰC HIỆN CAM KẾT/);
  });

  it('is refused for a code that does not exist (NOT_FOUND from the API, no document)', async () => {
    await expect(commitmentReport(runner(central), 'MOIT-NONE-000', AS_OF)).rejects.toThrow(/NOT_FOUND/);
  });
});
