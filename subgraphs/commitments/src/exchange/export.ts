/**
 * Export of the register through the API (the caller's identity decides what is seen), in the import's column sets:
 * an export re-imports unchanged. Rows are sorted by code (and natural key), so two exports of the same data are
 * identical.
 */
import { COMMITMENTS_SHEET, cellsOf, type CommitmentRow } from './columns';
import { SHEETS } from './sheets';

/** Runs one GraphQL operation as the caller (through the gateway); returns `data` or throws on errors. */
export type RunOperation = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

const TYPE_OF: Record<string, CommitmentRow['leadAgency']['type']> = {
  Ministry: 'MINISTRY',
  MinistryUnit: 'MINISTRY_UNIT',
  Locality: 'LOCALITY',
  ProvincialDepartment: 'PROVINCIAL_DEPARTMENT',
};

export const EXPORT_QUERY = `query ExportCommitments($first: Int!, $after: String, $leadAgencyId: ID) {
  commitments(first: $first, after: $after, leadAgencyId: $leadAgencyId) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      code title titleEn instrumentClass documentType legalStatus implementationStatus cooperationContent
      signedOn signedAt plannedStart plannedEnd fields partners { id }
      leadAgency { __typename ... on Ministry { id } ... on MinistryUnit { id } ... on Locality { id } ... on ProvincialDepartment { id } }
    } }
  }
}`;

interface Node {
  code: string;
  title: string;
  titleEn: string | null;
  instrumentClass: CommitmentRow['kind'];
  documentType: CommitmentRow['documentType'];
  legalStatus: CommitmentRow['legalStatus'];
  implementationStatus: CommitmentRow['implementationStatus'];
  cooperationContent: string | null;
  signedOn: string | null;
  signedAt: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  fields: CommitmentRow['fields'];
  partners: ({ id: string } | null)[];
  leadAgency: { __typename: string; id: string } | null;
}

/** Every commitment the caller may see (optionally one lead agency's), as header-keyed cells sorted by code. */
export async function exportCommitments(run: RunOperation, options: { leadAgencyId?: string } = {}): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { commitments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] } } = await run(EXPORT_QUERY, {
      first: 100,
      after,
      leadAgencyId: options.leadAgencyId ?? null,
    });
    for (const { node } of data.commitments.edges) {
      if (node.partners.some((p) => !p)) throw new Error(`A partner of ${node.code} could not be read; export again later`);
      if (!node.leadAgency) throw new Error(`The lead agency of ${node.code} could not be read (its subgraph is unavailable); export again later`);
      rows.push(
        cellsOf({
          code: node.code,
          titleVi: node.title,
          titleEn: node.titleEn,
          kind: node.instrumentClass,
          documentType: node.documentType,
          leadAgency: { type: TYPE_OF[node.leadAgency.__typename], id: node.leadAgency.id },
          partnerIds: node.partners.map((p) => p!.id),
          fields: node.fields,
          signedOn: node.signedOn,
          signedAt: node.signedAt ? new Date(node.signedAt) : null,
          legalStatus: node.legalStatus,
          implementationStatus: node.implementationStatus,
          cooperationContent: node.cooperationContent,
          plannedStart: node.plannedStart,
          plannedEnd: node.plannedEnd,
        }),
      );
    }
    if (!data.commitments.pageInfo.hasNextPage) break;
    after = data.commitments.pageInfo.endCursor;
  }
  return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Exported for the persisted-query manifest (examples/scripts/manifest.ts), as the other exchange operations are. */
export const REGISTER_ROWS_QUERY = `query ExportRegisterRows($codes: [String!]!) {
${SHEETS.map((s) => `  ${s.input}: registerRows(sheet: ${s.enumValue}, codes: $codes) { cells { column value } }`).join('\n')}
}`;

/**
 * The whole register the caller may see, sheet by sheet (Commitments first), in the import's column sets: the
 * commitments through the `commitments` list, then each other sheet for 100 commitment codes per call.
 */
export async function exportRegister(run: RunOperation, options: { leadAgencyId?: string } = {}): Promise<Record<string, Record<string, string>[]>> {
  const commitments = await exportCommitments(run, options);
  const out: Record<string, Record<string, string>[]> = { [COMMITMENTS_SHEET]: commitments };
  for (const s of SHEETS) out[s.name] = [];
  const codes = commitments.map((c) => c.code);
  for (let i = 0; i < codes.length; i += 100) {
    const data = await run<Record<string, { cells: { column: string; value: string }[] }[] | null>>(REGISTER_ROWS_QUERY, { codes: codes.slice(i, i + 100) });
    for (const s of SHEETS) for (const row of data[s.input] ?? []) out[s.name].push(Object.fromEntries(row.cells.map((c) => [c.column, c.value])));
  }
  return out;
}
