/**
 * The periodic and term report (issue #13, must-show 3): generated from the KPI API as the caller over the demo
 * register (927 commitments in 2021–2025), parsed back (the .docx is a zip of XML): its tables hold the API's own
 * figures, its charts are PNG images embedded in the document, and its Vietnamese text keeps its diacritics.
 */
import JSZip from 'jszip';
import { loadGatewayConfig } from '@accords/gateway';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { inOrderAtMost } from '@accords/commitments/src/concurrency';
import type { Identity } from '@accords/auth';
import type { RunOperation } from '@accords/commitments/src/exchange/export';
import { chartSvg } from '@accords/commitments/src/exchange/charts';
import {
  ATTENTION_QUERY,
  TERM_REPORT_SECTIONS,
  ReportInputError,
  fieldColumns,
  fieldLabel,
  formatChange,
  formatCount,
  formatDays,
  formatRate,
  parseReportPeriod,
  quarterLabel,
  seriesRange,
  termReport,
  termReportData,
  type AttentionData,
  type TermReportData,
} from '@accords/commitments/src/exchange/term-report';
import { allModules } from './modules';
import { user } from './workflow';

let graph: TestSupergraph;
beforeAll(async () => {
  process.env.ACCORDS_DEMO_REGISTER = 'on';
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
}, 240_000);
afterAll(async () => {
  process.env.ACCORDS_DEMO_REGISTER = 'off';
  await graph?.dispose();
});

const central = user('MINISTRY:MOFA', ['viewer']);
const runner = (as: Identity): RunOperation => async <T>(query: string, variables: Record<string, unknown>) => {
  const result = await graph.query<any>(query, variables, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
};

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const textOf = (xml: string) => decode([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));

interface Parsed {
  zip: JSZip;
  paragraphs: string[];
  /** Every table as rows of cell texts, in document order. */
  tables: string[][][];
}
async function parse(docx: Buffer): Promise<Parsed> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))));
  const outside = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paragraphs = [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0]));
  return { zip, paragraphs, tables };
}

/** The table whose header row starts with `first`. */
const tableHeaded = (doc: Parsed, first: string) => {
  const found = doc.tables.filter((t) => t[0][0] === first);
  expect(found).toHaveLength(1);
  return found[0];
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the term report 2021–2025 (DOCX)', () => {
  let doc: Parsed;
  let api: TermReportData;
  let attention: AttentionData;
  const period = parseReportPeriod({ term: '2021-2025' });

  beforeAll(async () => {
    doc = await parse(await termReport(runner(central), period));
    // The API's own answer, asked separately, to compare the document with.
    api = await termReportData(runner(central), period, null);
    attention = await runner(central)<AttentionData>(ATTENTION_QUERY, { asOf: api.report!.asOf, first: 100 });
  }, 240_000);

  it('has every section in order, with the Vietnamese text intact', () => {
    const at = TERM_REPORT_SECTIONS.map((title, i) => doc.paragraphs.indexOf(`${i + 1}. ${title}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(doc.paragraphs).toContain('BÁO CÁO TÌNH HÌNH KÝ KẾT VÀ THỰC HIỆN CÁC THỎA THUẬN, CAM KẾT QUỐC TẾ');
    expect(doc.paragraphs.join('\n')).toContain(`Kỳ báo cáo: nhiệm kỳ 2021–2025 (từ ${api.report!.period.from} đến ${api.report!.period.to})`);
    // Precomposed Vietnamese letters (not stripped or decomposed on the way into the XML).
    expect(doc.paragraphs.join('\n')).toMatch(/Các vấn đề cần chú ý/);
    expect(doc.paragraphs.join('\n').normalize('NFC')).toBe(doc.paragraphs.join('\n'));
  });

  it('gives the headline figures the API gives (K1 = the term\'s count, K2 not applicable to a term)', () => {
    const summary = tableHeaded(doc, 'Chỉ số');
    const row = (prefix: string) => summary.find((r) => r[0].startsWith(prefix))![1];
    expect(row('K1.')).toBe(formatCount(api.report!.signed.count.value));
    expect(api.report!.signed.count.value).toBeGreaterThan(0);
    expect(row('K2.')).toMatch(/Không áp dụng/);
    const f = api.report!.sixClear.rate;
    expect(row('K3.')).toBe(`${formatRate(f.value)} (${formatCount(f.numerator)}/${formatCount(f.denominator)})`);
    const s = api.report!.stalled.rate;
    expect(row('K17.')).toBe(`${formatRate(s.value)} (${formatCount(s.numerator)}/${formatCount(s.denominator)})`);
  });

  it('has the figures by quarter with the change on the same quarter a year earlier, as kpiSeries gives them', () => {
    const quarters = tableHeaded(doc, 'Quý');
    const k1 = api.k1!;
    expect(k1).toHaveLength(20);
    expect(quarters.slice(1)).toEqual(
      k1.map((q, i) => [quarterLabel(q.period.from), formatCount(q.value), formatCount(q.previous), formatChange(q.value, q.previous), formatRate(api.k3![i].value), formatDays(api.k10![i].value), formatRate(api.k12![i].value), formatRate(api.k17![i].value)]),
    );
    expect(quarters[1][0]).toBe('Q1/2021');
    expect(quarters[20][0]).toBe('Q4/2025');
    // The quarters add up to the term's count.
    expect(k1.reduce((n, q) => n + (q.value ?? 0), 0)).toBe(api.report!.signed.count.value);
  });

  it('has the figures by field for each year and the whole term, with 2025 against 2024', () => {
    const fields = tableHeaded(doc, 'Lĩnh vực');
    expect(fields[0]).toEqual(['Lĩnh vực', '2021', '2022', '2023', '2024', '2025', 'Cả nhiệm kỳ', '2025 so với 2024']);
    const columns = fieldColumns(period).map((_, i) => (api as any)[`c${i}`].signed);
    const countOf = (i: number, key: string) => columns[i].byField.find((x: any) => x.key === key)?.count ?? 0;
    const keys: string[] = columns[5].byField.map((x: any) => x.key);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      const row = fields.find((r) => r[0] === fieldLabel(key));
      expect(row).toEqual([fieldLabel(key), ...[0, 1, 2, 3, 4, 5].map((i) => formatCount(countOf(i, key))), formatChange(countOf(4, key), countOf(3, key))]);
    }
    const total = fields[fields.length - 1];
    expect(total[0]).toBe('Tổng số cam kết (K1)');
    expect(total[6]).toBe(formatCount(api.report!.signed.count.value));
  });

  it('has the league tables of ministries and provinces, names from their own subgraphs', () => {
    const [ministries, provinces] = doc.tables.filter((t) => t[0][0] === 'Cơ quan');
    for (const [table, rows] of [
      [ministries, api.ministries!],
      [provinces, api.provinces!],
    ] as const) {
      expect(rows.length).toBeGreaterThan(3);
      expect(table.slice(1)).toEqual(rows.map((r) => [r.agency!.name, formatCount(r.signed), formatCount(r.activeCommitments), formatRate(r.sixClearRate), formatDays(r.medianLag), formatRate(r.onTimeRate), formatRate(r.stalledRate), formatRate(r.feedbackSlaRate)]));
    }
    expect(ministries.slice(1).map((r) => r[0])).toContain('Bộ Xây dựng');
    expect(provinces.slice(1).every((r) => /^(Tỉnh|Thành phố) /.test(r[0]))).toBe(true);
  });

  it('has the attention list as the API gives it on the report date', () => {
    const items = attention.needsAttention!;
    expect(items.length).toBeGreaterThan(0);
    const table = tableHeaded(doc, 'Vấn đề');
    expect(table.slice(1).map((r) => [r[1].split(' — ')[0], r[4], r[5]])).toEqual(items.map((a) => [a.commitment?.code ?? '—', a.since, formatCount(a.ageDays)]));
  });

  it('embeds its three charts as PNG images (ECharts SSR → resvg), referenced from the text', async () => {
    const media = Object.keys(doc.zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(3);
    for (const file of media) {
      const png = await doc.zip.file(file)!.async('nodebuffer');
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
      // Drawn at twice the 800-pixel chart width, for print.
      expect(png.readUInt32BE(16)).toBe(1600);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(640);
      expect(png.length).toBeGreaterThan(10_000);
    }
    const xml = await doc.zip.file('word/document.xml')!.async('string');
    expect(xml.match(/<w:drawing>/g)).toHaveLength(3);
    expect(doc.paragraphs.filter((p) => /^Hình \d\. /.test(p))).toEqual([expect.stringMatching(/^Hình 1\. /), expect.stringMatching(/^Hình 2\. /), expect.stringMatching(/^Hình 3\. /)]);
  });
});

describe('the report\'s operations side by side (REPORT_CONCURRENCY)', () => {
  it('runs at most two at a time when asked, the attention list after the figures, and gives the same document as one at a time', async () => {
    const period = parseReportPeriod({ term: '2021-2025' });
    const traced = (log: string[], peak: { now: number; max: number }): RunOperation => async <T>(query: string, variables: Record<string, unknown>) => {
      const name = /query (\w+)/.exec(query)![1];
      peak.now++;
      peak.max = Math.max(peak.max, peak.now);
      log.push(`start ${name}`);
      try {
        return await runner(central)<T>(query, variables);
      } finally {
        peak.now--;
        log.push(`end ${name}`);
      }
    };
    const oneLog: string[] = [];
    const one = { now: 0, max: 0 };
    const twoLog: string[] = [];
    const two = { now: 0, max: 0 };
    const sequential = await parse(await termReport(traced(oneLog, one), period));
    const sideBySide = await parse(await termReport(traced(twoLog, two), period, { concurrency: 2 }));
    expect(one.max).toBe(1);
    expect(two.max).toBe(2);
    // Every operation ran once either way (the figures, five series, the league tables, the attention list).
    const started = (log: string[]) => log.filter((l) => l.startsWith('start ')).sort();
    expect(started(twoLog)).toEqual(started(oneLog));
    expect(started(oneLog)).toHaveLength(8);
    // The attention list is judged on the figures' as-of date: it never starts before they are in.
    expect(twoLog.indexOf('start TermReportAttention')).toBeGreaterThan(twoLog.indexOf('end TermReportFigures'));
    expect(sideBySide.tables).toEqual(sequential.tables);
    expect(sideBySide.paragraphs).toEqual(sequential.paragraphs);
  }, 240_000);

  it('takes REPORT_CONCURRENCY from 1 to 8 (default 2) and refuses anything else, naming the variable', () => {
    expect(loadGatewayConfig({}).REPORT_CONCURRENCY).toBe(2);
    expect(loadGatewayConfig({ REPORT_CONCURRENCY: '1' }).REPORT_CONCURRENCY).toBe(1);
    for (const bad of ['0', '9', 'two', '1.5']) expect(() => loadGatewayConfig({ REPORT_CONCURRENCY: bad })).toThrow(/REPORT_CONCURRENCY/);
  });

  it('keeps results in order and starts nothing after a failure', async () => {
    const started: number[] = [];
    const task = (i: number, ms: number, fail = false) => async () => {
      started.push(i);
      await new Promise((r) => setTimeout(r, ms));
      if (fail) throw new Error(`task ${i} failed`);
      return i;
    };
    expect(await inOrderAtMost(2, [task(0, 30), task(1, 5), task(2, 5), task(3, 1)])).toEqual([0, 1, 2, 3]);
    started.length = 0;
    await expect(inOrderAtMost(2, [task(0, 30), task(1, 5, true), task(2, 5), task(3, 5)])).rejects.toThrow('task 1 failed');
    // Task 1 failed while task 0 was still running: tasks 2 and 3 were never started.
    await new Promise((r) => setTimeout(r, 40));
    expect(started).toEqual([0, 1]);
    // Not a usable limit: one at a time.
    started.length = 0;
    expect(await inOrderAtMost(Number.NaN, [task(0, 1), task(1, 1)])).toEqual([0, 1]);
  });
});

describe('a quarterly report (2025-Q3)', () => {
  it('compares the quarter with the same quarter of 2024, by quarter and by field, with the API\'s numbers', async () => {
    const period = parseReportPeriod({ quarter: '2025-Q3' });
    expect(seriesRange(period)).toEqual({ from: '2024-10-01', to: '2025-09-30' });
    const doc = await parse(await termReport(runner(central), period));
    const api = await termReportData(runner(central), period, null);
    const signed = api.report!.signed;
    expect(signed.yearOnYear.denominator).toBeGreaterThan(0);
    const summary = tableHeaded(doc, 'Chỉ số');
    expect(summary.find((r) => r[0].startsWith('K1.'))![1]).toBe(formatCount(signed.count.value));
    expect(summary.find((r) => r[0].startsWith('K2.'))![1]).toContain(formatChange(signed.yearOnYear.numerator, signed.yearOnYear.denominator));
    const fields = tableHeaded(doc, 'Lĩnh vực');
    expect(fields[0]).toEqual(['Lĩnh vực', 'Q3/2024', 'Q3/2025', 'Tăng/giảm so với cùng kỳ']);
    const total = fields[fields.length - 1];
    expect(total).toEqual(['Tổng số cam kết (K1)', formatCount(signed.previousCount), formatCount(signed.count.value), formatChange(signed.count.value, signed.previousCount)]);
    // Four quarters ending with Q3 2025, the last one the quarter itself.
    const quarters = tableHeaded(doc, 'Quý');
    expect(quarters.slice(1).map((r) => r[0])).toEqual(['Q4/2024', 'Q1/2025', 'Q2/2025', 'Q3/2025']);
    expect(quarters[4][1]).toBe(formatCount(signed.count.value));
    expect(doc.paragraphs).toContain('Kỳ báo cáo: quý III/2025 (từ 2025-07-01 đến 2025-09-30)');
  }, 120_000);
});

describe('the period parameters', () => {
  it('takes exactly one of term, year and quarter, and names the parameter it refuses', () => {
    expect(parseReportPeriod({ year: '2025' })).toEqual({ kind: 'YEAR', year: 2025 });
    expect(parseReportPeriod({ quarter: '2024-q4' })).toEqual({ kind: 'QUARTER', year: 2024, index: 4 });
    for (const [choice, field] of [
      [{ quarter: '2025-Q5' }, 'quarter'],
      [{ year: '25' }, 'year'],
      [{ term: '2026-2030' }, 'term'],
      [{ year: '2025', quarter: '2025-Q1' }, 'quarter'],
      [{}, 'period'],
    ] as const) {
      let refused: unknown;
      try {
        parseReportPeriod(choice);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(ReportInputError);
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('draws chart text with Vietnamese diacritics in the chart font', () => {
    const svg = chartSvg({ title: 'Số cam kết được ký kết theo quý', categories: ['Q1/2025'], series: [{ name: 'Cùng kỳ năm trước', kind: 'line', values: [1] }] });
    expect(svg).toContain('Số cam kết được ký kết theo quý');
    expect(svg).toContain('Cùng kỳ năm trước');
    expect(svg).toMatch(/font-family[:=]["']?[^;"']*DejaVu Sans/);
  });
});
