/**
 * What a frontend team writes with the generated documents: every variable and every field of the result is typed
 * from operations/*.graphql and the gateway's API schema. `npm run demo -w @accords/examples [url]` runs it against
 * a running gateway (`npm start`).
 */
import { createClient, type AccordsClient } from './client';
import { CommitmentWithPartnersDocument, MinistryCommitmentsPageDocument, type CommitmentSummaryFragment, type CommitmentWithPartnersQuery, type MinistryCommitmentsPageQuery } from './generated/graphql';

export interface CommitmentCard {
  code: string;
  title: string;
  signedOn: string | null;
  /** "Bộ Y tế (Ministry of Health)", "Tỉnh Lạng Sơn, province", "Sở Ngoại vụ, Thành phố Hà Nội"... */
  lead: string;
  partners: string[];
}

/**
 * A commitment with the name of its lead agency and its partners, or null when there is no such code. Fields served by
 * another subgraph (the lead agency, the partners) are null only while that subgraph is unavailable: the card still
 * shows what arrived.
 */
export async function commitmentCard(client: AccordsClient, code: string): Promise<CommitmentCard | null> {
  const { commitment } = await client.request(CommitmentWithPartnersDocument, { code });
  if (!commitment) return null;
  return { code: commitment.code, title: commitment.title, signedOn: commitment.signedOn, lead: commitment.leadAgency ? agencyLabel(commitment.leadAgency) : '(lead agency unavailable)', partners: commitment.partners.map((p) => p?.name ?? '(partner details unavailable)') };
}

type LeadAgency = NonNullable<NonNullable<CommitmentWithPartnersQuery['commitment']>['leadAgency']>;

/**
 * `leadAgency` is the union Agency: __typename says which member it is and the compiler narrows the fields. The
 * `never` line makes a new member of the union a compile error here, instead of a blank label at run time.
 */
function agencyLabel(lead: LeadAgency): string {
  switch (lead.__typename) {
    case 'Ministry':
      return `${lead.name} (${lead.nameEn})`;
    case 'MinistryUnit':
      return `${lead.name}, ${lead.ministry.name}`;
    case 'Locality':
      return `${lead.name}, ${lead.level.toLowerCase().replace(/_/g, ' ')}`;
    case 'ProvincialDepartment':
      return `${lead.name}, ${lead.province.name}`;
    default: {
      const unknown: never = lead;
      return unknown;
    }
  }
}

export interface MinistryCommitments {
  name: string;
  totalCount: number;
  commitments: CommitmentSummaryFragment[];
}

/** A ministry's commitments page after page, following the cursor; null when there is no such ministry. */
export async function ministryCommitments(client: AccordsClient, id: string, pageSize = 20): Promise<MinistryCommitments | null> {
  const commitments: CommitmentSummaryFragment[] = [];
  let after: string | null = null;
  for (;;) {
    // Annotated: `after` comes from the previous answer, which TypeScript cannot infer through the loop.
    const answer: MinistryCommitmentsPageQuery = await client.request(MinistryCommitmentsPageDocument, { id, first: pageSize, after });
    const { ministry } = answer;
    if (!ministry) return null;
    const page = ministry.commitments;
    // Null only while the commitments subgraph is unavailable; the client's request error says so (SERVICE_UNAVAILABLE).
    if (!page) throw new Error(`The commitments of ${ministry.name} are unavailable right now; retry later.`);
    commitments.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { name: ministry.name, totalCount: page.totalCount, commitments };
    after = page.pageInfo.endCursor;
  }
}

/**
 * Mistakes the compiler refuses. Never called: it is here so that `npm test`, which type-checks this package, fails
 * if the generated types ever loosen to `any`.
 */
export function typeChecks(client: AccordsClient): void {
  // @ts-expect-error `code` is required
  void client.request(CommitmentWithPartnersDocument, {});
  // @ts-expect-error `code` is a string
  void client.request(CommitmentWithPartnersDocument, { code: 42 });
  void client.request(CommitmentWithPartnersDocument, { code: 'MOH-2025-001' }).then(({ commitment }) => {
    // @ts-expect-error the operation does not select createdAt
    void commitment?.createdAt;
    // @ts-expect-error `level` exists on a Locality only; narrow on __typename first
    void commitment?.leadAgency.level;
  });
}

async function main() {
  const client = createClient({ url: process.argv[2] ?? 'http://127.0.0.1:4000/graphql' });
  console.log(await commitmentCard(client, 'MOH-2025-001'));
  const moit = await ministryCommitments(client, 'MOIT', 2);
  console.log(moit && `${moit.name} leads ${moit.totalCount}: ${moit.commitments.map((c) => c.code).join(', ')}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
