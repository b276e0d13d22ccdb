/**
 * Who may sign an international agreement, judged under a versioned rule set (DESIGN section 3). The rules are data
 * (each subgraph's `data/signing-rules.json`, stored in its `signing_rule_set`); this module only selects the version
 * in force and applies it to a would-be signatory: a locality, a central body or a unit of one.
 */

export interface LevelRule {
  maySign: boolean;
  signatoryLevel?: string | null;
  priorConsent?: string | null;
  consultees?: string[];
  reason?: string | null;
  /** The provisions that give (or withhold) the power, e.g. "Law 70/2020/QH14 art. 2(2), art. 20". */
  article?: string | null;
  /** Border areas a unit at this level must lie in to sign (any one suffices); empty when anywhere. */
  bordersRequired?: string[];
}

export interface RuleSet {
  version: string;
  /** YYYY-MM-DD: first day the version applies. */
  effectiveFrom: string;
  legalBasis: string;
  /** Level or kind of the unit -> rule category (e.g. WARD -> COMMUNE, AUTHORITY -> MINISTRY_UNIT). */
  aliases: Record<string, string>;
  /** Rule category -> rule. COMMUNE is split into COMMUNE_BORDER and COMMUNE_NON_BORDER. */
  levels: Record<string, LevelRule>;
}

export interface SigningCapability {
  maySign: boolean;
  signatoryLevel: string | null;
  priorConsent: string | null;
  consultees: string[];
  reason: string | null;
  ruleSetVersion: string;
  legalBasis: string;
  asOf: string;
  /** The provisions the answer rests on; null when the rule set does not name them. */
  article: string | null;
  /** Border areas the rule needs the unit to lie in (any one suffices); empty when none. */
  bordersRequired: string[];
}

/** What the rules need to know about a unit. */
export interface SigningUnit {
  id: string;
  nameVi: string;
  level: string;
  isBorder: boolean;
  /** The border areas the unit lies in (LAND, SEA); when given, a rule's `bordersRequired` is checked against it. */
  borderTypes?: string[];
  validFrom: string | null;
  validTo: string | null;
}

const VERSION = /^[A-Za-z0-9._-]{1,16}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the shape of a rule set before it is stored: a malformed version must never be published. */
export function parseRuleSet(input: unknown): RuleSet {
  const r = input as Partial<RuleSet> | null;
  const fail = (why: string): never => {
    throw new Error(`Invalid signing rule set ${JSON.stringify((r as { version?: unknown } | null)?.version ?? null)}: ${why}`);
  };
  if (!r || typeof r !== 'object') return fail('not an object');
  if (typeof r.version !== 'string' || !VERSION.test(r.version)) fail('version must be 1-16 characters of letters, digits, . _ -');
  if (typeof r.effectiveFrom !== 'string' || !DATE.test(r.effectiveFrom)) fail('effectiveFrom must be YYYY-MM-DD');
  if (typeof r.legalBasis !== 'string' || !r.legalBasis || r.legalBasis.length > 255) fail('legalBasis must be 1-255 characters');
  const aliases = r.aliases ?? {};
  if (typeof aliases !== 'object' || Object.values(aliases).some((v) => typeof v !== 'string')) fail('aliases must map levels to categories');
  if (!r.levels || typeof r.levels !== 'object') return fail('levels is missing');
  const levels: Record<string, LevelRule> = {};
  for (const [category, rule] of Object.entries(r.levels)) {
    if (!rule || typeof rule.maySign !== 'boolean') fail(`levels.${category}.maySign must be true or false`);
    if (rule.consultees !== undefined && (!Array.isArray(rule.consultees) || rule.consultees.some((c) => typeof c !== 'string'))) {
      fail(`levels.${category}.consultees must be a list of strings`);
    }
    if (!rule.maySign && !rule.reason) fail(`levels.${category} refuses signing, so it must give a reason`);
    if (rule.bordersRequired !== undefined && (!Array.isArray(rule.bordersRequired) || rule.bordersRequired.some((b) => b !== 'LAND' && b !== 'SEA'))) {
      fail(`levels.${category}.bordersRequired must be a list of LAND and SEA`);
    }
    if (rule.article !== undefined && rule.article !== null && typeof rule.article !== 'string') fail(`levels.${category}.article must be text`);
    levels[category] = {
      maySign: rule.maySign,
      signatoryLevel: rule.signatoryLevel ?? null,
      priorConsent: rule.priorConsent ?? null,
      consultees: rule.consultees ?? [],
      reason: rule.reason ?? null,
      article: rule.article ?? null,
      bordersRequired: rule.bordersRequired ?? [],
    };
  }
  return { version: r.version as string, effectiveFrom: r.effectiveFrom as string, legalBasis: r.legalBasis as string, aliases: { ...aliases }, levels };
}

/**
 * The version asked for by name: null when none was asked for. An unknown version is the caller's mistake; `unknown`
 * makes the error to throw (a subgraph passes its BAD_USER_INPUT), given a message naming the published versions.
 */
export function requestedRuleSet(ruleSets: readonly RuleSet[], version: string | null | undefined, unknown: (message: string) => Error): RuleSet | null {
  if (version === null || version === undefined) return null;
  const found = ruleSets.find((r) => r.version === version);
  if (!found) throw unknown(`ruleSetVersion "${version}" is not a published rule set; published: ${ruleSets.map((r) => r.version).join(', ')}`);
  return found;
}

/** The version in force on `asOf`: the greatest effectiveFrom on or before it; null before the first one. */
export function ruleSetInForce(ruleSets: readonly RuleSet[], asOf: string): RuleSet | null {
  let best: RuleSet | null = null;
  for (const r of ruleSets) if (r.effectiveFrom <= asOf && (!best || r.effectiveFrom > best.effectiveFrom)) best = r;
  return best;
}

/** The rule category of a unit: its level through the aliases, with communes split by border status. */
export function categoryOf(ruleSet: RuleSet, unit: SigningUnit): string {
  const category = ruleSet.aliases[unit.level] ?? unit.level;
  if (category === 'COMMUNE') return unit.isBorder ? 'COMMUNE_BORDER' : 'COMMUNE_NON_BORDER';
  return category;
}

function refusal(reason: string, ruleSet: { version: string; legalBasis: string }, asOf: string, rule?: LevelRule): SigningCapability {
  return {
    maySign: false,
    signatoryLevel: null,
    priorConsent: null,
    consultees: [],
    reason,
    ruleSetVersion: ruleSet.version,
    legalBasis: ruleSet.legalBasis,
    asOf,
    article: rule?.article ?? null,
    bordersRequired: rule?.bordersRequired ?? [],
  };
}

/**
 * Applies the rules. `successorName` names the unit that took over an abolished one. `ruleSet` is the explicitly
 * requested version, or null to use the one in force on `asOf`.
 */
export function signingCapability(
  unit: SigningUnit,
  asOf: string,
  ruleSets: readonly RuleSet[],
  requested: RuleSet | null,
  successorName: string | null,
): SigningCapability {
  const ruleSet = requested ?? ruleSetInForce(ruleSets, asOf);
  if (!ruleSet) {
    const first = [...ruleSets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    const basis = first?.legalBasis ?? 'Law 70/2020/QH14';
    return refusal(
      `The Law on International Agreements (${basis}) was not in force on ${asOf}` + (first ? `; it applies from ${first.effectiveFrom} (rule set ${first.version})` : ''),
      { version: 'NONE', legalBasis: basis },
      asOf,
    );
  }
  if (requested && requested.effectiveFrom > asOf) {
    return refusal(`Rule set ${requested.version} takes effect on ${requested.effectiveFrom}, after ${asOf}`, ruleSet, asOf);
  }
  if (unit.validTo && unit.validTo < asOf) {
    const successor = successorName ? `; its successor is ${successorName}` : '';
    return refusal(`${unit.nameVi} (${unit.id}) no longer existed on ${asOf}: it was abolished after ${unit.validTo}${successor}`, ruleSet, asOf);
  }
  if (unit.validFrom && unit.validFrom > asOf) {
    return refusal(`${unit.nameVi} (${unit.id}) did not exist yet on ${asOf}: it was established on ${unit.validFrom}`, ruleSet, asOf);
  }
  const category = categoryOf(ruleSet, unit);
  const rule = ruleSet.levels[category];
  if (!rule) return refusal(`Rule set ${ruleSet.version} gives no signing power to the level ${category}`, ruleSet, asOf);
  if (!rule.maySign) return refusal(rule.reason ?? `Rule set ${ruleSet.version} refuses the level ${category}`, ruleSet, asOf, rule);
  const required = rule.bordersRequired ?? [];
  if (required.length > 0 && unit.borderTypes && !required.some((b) => unit.borderTypes!.includes(b))) {
    return refusal(`${unit.nameVi} (${unit.id}) does not lie in a ${required.join(' or ')} border area on ${asOf}, which rule set ${ruleSet.version} requires at level ${category}`, ruleSet, asOf, rule);
  }
  return {
    maySign: true,
    signatoryLevel: rule.signatoryLevel ?? null,
    priorConsent: rule.priorConsent ?? null,
    consultees: rule.consultees ?? [],
    reason: null,
    ruleSetVersion: ruleSet.version,
    legalBasis: ruleSet.legalBasis,
    asOf,
    article: rule.article ?? null,
    bordersRequired: required,
  };
}
