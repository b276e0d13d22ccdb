import { randomUUID } from 'node:crypto';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { SubgraphModule } from '@accords/subgraph-kit';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';

/** The four subgraphs in-process on reference data, for the KPI cache and refresher tests. */
export const openKpiSupergraph = () => openTestSupergraph([ministries, localities, partners, commitments] as SubgraphModule<unknown>[], { seed: 'reference' });

/**
 * A signed MOIT commitment written straight into the commitments database (no API, no audit entry), as an import
 * script or a DBA would: what the KPI data version must notice. Returns its id.
 */
export async function insertSignedRow(graph: TestSupergraph, code: string, signedOn: string): Promise<string> {
  const db = graph.subgraphs.commitments.database.dataSource;
  const id = randomUUID();
  await db.query(
    `INSERT INTO commitment (id, code, title_vi, instrument_class, document_type, lead_agency_type, lead_agency_id, owner_agency, signed_on, legal_status, implementation_status, search_text, created_at, version)
     VALUES (?, ?, 'Cam kết thử bộ nhớ đệm', 'INTERNATIONAL_AGREEMENT', 'MOU', 'MINISTRY', 'MOIT', 'MINISTRY:MOIT', ?, 'SIGNED', 'IMPLEMENTATION', ?, ?, 1)`,
    [id, code, signedOn, code.toLowerCase(), db.options.type === 'sqljs' ? '2025-01-01 00:00:00' : new Date('2025-01-01T00:00:00Z')],
  );
  return id;
}

/**
 * The four subgraphs in-process on the demo register `npm start` loads (the hand-written commitments and the synthetic
 * KPI register: ministries, provinces, border communes, before and after the 2025 mergers). Close with `closeDemoSupergraph`.
 */
export async function openDemoSupergraph(): Promise<TestSupergraph> {
  process.env.ACCORDS_DEMO_REGISTER = 'on';
  return openTestSupergraph([ministries, localities, partners, commitments] as SubgraphModule<unknown>[], { seed: 'demo' });
}

export async function closeDemoSupergraph(graph: TestSupergraph | undefined): Promise<void> {
  process.env.ACCORDS_DEMO_REGISTER = 'off';
  await graph?.dispose();
}
