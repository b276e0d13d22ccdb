import { createTableMigration, SIGNING_RULE_SET_TABLE } from '@accords/db';

/** The published versions of the signing rules (the table's shape is shared with the ministries subgraph). */
export const CreateSigningRuleSet1764000002000 = createTableMigration('CreateSigningRuleSet1764000002000', SIGNING_RULE_SET_TABLE);
