/**
 * The persisted-query manifest (examples/persisted-query-manifest.json, `npm run persisted:manifest`) lists every
 * operation the report and export features send through the gateway, so that in allow-list mode
 * (PERSISTED_QUERIES=allowlist) the downloads (/exports/…, /reports/…) and `npm run report` / `npm run export` are not
 * refused with PERSISTED_QUERY_NOT_IN_LIST. The operations are not read from their definitions here: each feature
 * runs against a recording stand-in for the gateway, and every text it sent must be listed under the id the manifest
 * gives it (the SHA-256 of the exact text, which is what the gateway's allow-list compares). A changed or new
 * operation fails this test until the manifest is regenerated (and, for a new one, listed by the generator).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { ApolloServer } from '@apollo/server';
import { silentLogger } from '@accords/testkit';
import type { GatewayContext } from '@accords/gateway';
import { downloadRoutes } from '@accords/gateway/src/downloads';
import { sha256Hex, type PersistedQueryManifest } from '@accords/examples';
import { manifestPath } from '@accords/examples/scripts/manifest';
import { exportCommitments, exportRegister, type RunOperation } from '@accords/commitments/src/exchange/export';
import { commitmentReport } from '@accords/commitments/src/exchange/report';
import { parseReportPeriod, termReport } from '@accords/commitments/src/exchange/term-report';

const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as PersistedQueryManifest;
const nameOf = (text: string) => /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(text)?.[1] ?? '(anonymous)';

/** The texts, among those sent, whose id (SHA-256, as the manifest computes it) the manifest does not list. */
async function unlisted(sent: string[]): Promise<string[]> {
  const ids = new Set(manifest.operations.map((op) => op.id));
  const missing: string[] = [];
  for (const text of new Set(sent)) if (!ids.has(await sha256Hex(text))) missing.push(nameOf(text));
  return missing;
}

/** Enough of an answer for each feature to go on to its next operation (the documents themselves are not the point). */
function answer(query: string): Record<string, unknown> {
  switch (nameOf(query)) {
    case 'ExportCommitments':
      return {
        commitments: {
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: [
            {
              node: {
                code: 'MOFA-2025-001', title: 'Thỏa thuận', titleEn: null, instrumentClass: 'AGREEMENT', documentType: 'AGREEMENT', legalStatus: 'IN_FORCE',
                implementationStatus: 'IN_PROGRESS', cooperationContent: null, signedOn: null, signedAt: null, plannedStart: null, plannedEnd: null,
                fields: [], partners: [], leadAgency: { __typename: 'Ministry', id: 'MOFA' },
              },
            },
          ],
        },
      };
    case 'TermReportFigures':
      return { report: { asOf: '2025-12-31' } };
    case 'LeagueTableExport':
      return { leagueTable: [] };
    case 'NeedsAttentionExport':
      return { needsAttention: [] };
    default:
      return {};
  }
}

function recording(): { sent: string[]; run: RunOperation } {
  const sent: string[] = [];
  const run = async <T>(query: string): Promise<T> => {
    sent.push(query);
    return answer(query) as T;
  };
  return { sent, run };
}

describe('persisted-query manifest: the report and export operations', () => {
  it('lists every operation the gateway\'s download routes run (they go through the same allow-list as /graphql)', async () => {
    const sent: string[] = [];
    const apollo = {
      async executeOperation(request: { query: string }) {
        sent.push(request.query);
        return { body: { kind: 'single', singleResult: { data: answer(request.query) } }, http: { status: undefined, headers: new Map() } };
      },
    } as unknown as ApolloServer<GatewayContext>;
    const app = express();
    app.use(downloadRoutes({ apollo, contextOf: async () => ({ requestId: 'manifest-coverage', logger: silentLogger, identity: null }) }));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const urls = [
        '/exports/commitments.csv',
        '/exports/commitments.xlsx?leadAgency=MOFA',
        '/exports/league-table.csv?kind=MINISTRY&year=2025',
        '/exports/league-table.xlsx?kind=PROVINCE&term=2021-2025',
        '/exports/league-table.csv?kind=PROVINCE&quarter=2025-Q3',
        '/exports/needs-attention.csv?first=5',
        '/reports/commitment/MOFA-2025-001.docx?asOf=2026-06-30',
        '/reports/commitment/MOFA-2025-001.docx',
        '/reports/term.docx?term=2021-2025',
        '/reports/term.docx?year=2025',
        '/reports/term.docx?quarter=2025-Q3',
        '/reports/term.docx?quarter=2026-Q1&attention=10',
      ];
      const ran: Record<string, string[]> = {};
      for (const url of urls) {
        const before = sent.length;
        const res = await fetch(`${base}${url}`);
        await res.arrayBuffer();
        // Every URL reached its operations (a 500 is the stand-in's thin answers failing the document, after them).
        expect({ url, status: res.status === 200 || res.status === 500 }).toEqual({ url, status: true });
        ran[url] = sent.slice(before).map(nameOf);
      }
      for (const url of urls) expect({ url, ran: ran[url].length > 0 }).toEqual({ url, ran: true });
      expect(new Set(sent.map(nameOf))).toEqual(
        new Set(['ExportCommitments', 'LeagueTableExport', 'NeedsAttentionExport', 'CommitmentReport', 'TermReportFigures', 'TermReportSeriesK1', 'TermReportSeriesK3', 'TermReportSeriesK10', 'TermReportSeriesK12', 'TermReportSeriesK17', 'TermReportLeague', 'TermReportAttention']),
      );
      expect(await unlisted(sent)).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lists every operation `npm run report` and `npm run export` send (scripts/report.ts, scripts/export.ts)', async () => {
    const { sent, run } = recording();
    await commitmentReport(run, 'MOFA-2025-001', '2026-06-30').catch(() => undefined);
    for (const period of [{ term: '2021-2025' }, { year: '2024' }, { quarter: '2025-Q1' }, { quarter: '2025-Q4' }]) {
      const before = sent.length;
      // The stand-in's answers are too thin for the document: it fails once every operation was sent.
      await termReport(run, parseReportPeriod(period), { attentionLimit: 5 }).catch(() => undefined);
      expect(new Set(sent.slice(before).map(nameOf))).toEqual(
        new Set(['TermReportFigures', 'TermReportLeague', 'TermReportAttention', 'TermReportSeriesK1', 'TermReportSeriesK3', 'TermReportSeriesK10', 'TermReportSeriesK12', 'TermReportSeriesK17']),
      );
    }
    expect((await exportCommitments(run)).length).toBe(1);
    await exportRegister(run, { leadAgencyId: 'MOFA' });
    expect(sent.map(nameOf)).toContain('ExportRegisterRows');
    expect(await unlisted(sent)).toEqual([]);
  });

  it('would notice an operation it does not list (the check compares exact texts)', async () => {
    const listed = manifest.operations.find((op) => op.name === 'CommitmentReport')!;
    expect(await unlisted([listed.body])).toEqual([]);
    expect(await unlisted([`${listed.body} `, 'query Other { __typename }'])).toEqual(['CommitmentReport', 'Other']);
  });
});
