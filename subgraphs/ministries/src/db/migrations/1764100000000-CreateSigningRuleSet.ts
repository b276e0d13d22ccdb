import { createTableMigration, SIGNING_RULE_SET_TABLE } from '@accords/db';

/** The published versions of the central bodies' signing rules (the table's shape is shared with localities). */
export const CreateSigningRuleSet1764100000000 = createTableMigration('CreateSigningRuleSet1764100000000', SIGNING_RULE_SET_TABLE);
