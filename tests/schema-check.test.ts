import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, print } from 'graphql';
import { checkSubgraph, subgraphsOfSupergraph, type SchemaCheckReport } from '@accords/schema-check';
import { subgraphTypeDefs } from '@accords/subgraph-kit';
import { apiSchemaOf, composeSupergraph, type SubgraphDefinition } from '@accords/gateway';
import config from '../supergraph.config.json';
import { allModules, partners } from './modules';

const root = path.join(__dirname, '..');
const apiSchema = fs.readFileSync(path.join(root, 'gateway', 'api-schema.graphql'), 'utf8');
const current: SubgraphDefinition[] = config.subgraphs.map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: subgraphTypeDefs(allModules.find((m) => m.name === s.name)!) }));
const partnersSdl = print(subgraphTypeDefs(partners));
// The edits below are measured against the tree as it is (so another subgraph's uncommitted addition is not counted);
// the checked-in API schema is what each subgraph is checked against in the first test.
const composedTree = composeSupergraph(current);
if (!composedTree.ok) throw new Error(composedTree.errors.join('; '));
const treeApiSchema = apiSchemaOf(composedTree.supergraphSdl);

/** The partners subgraph's published SDL with one edit. */
function editedPartners(from: string | RegExp, to: string): string {
  const edited = partnersSdl.replace(from, to);
  expect(edited).not.toBe(partnersSdl);
  return edited;
}

const check = (sdl: string, allowBreaking = false) =>
  checkSubgraph({ candidate: { name: 'partners', url: 'http://127.0.0.1:4003/graphql', typeDefs: parse(sdl) }, current, currentApiSchema: treeApiSchema, allowBreaking });

const bySeverity = (r: SchemaCheckReport, severity: string) => r.changes.filter((c) => c.severity === severity).map((c) => c.path);

describe('schema check (offline `rover subgraph check`)', () => {
  // CI: every subgraph of the repository passes against the checked-in API schema.
  it.each(config.subgraphs.map((s) => s.name))('passes for the %s subgraph as it is in the tree', async (name) => {
    const report = await checkSubgraph({ candidate: current.find((s) => s.name === name)!, current, currentApiSchema: apiSchema });
    expect({ errors: report.errors, breaking: bySeverity(report, 'BREAKING') }).toEqual({ errors: [], breaking: [] });
    expect(report.ok).toBe(true);
  });

  it('classes a removed Partner field as breaking, naming it, and fails', async () => {
    const report = await check(editedPartners(/\n\s*nameEn: String!/, ''));
    expect(report.ok).toBe(false);
    expect(bySeverity(report, 'BREAKING')).toEqual(['Partner.nameEn']);
    expect(report.changes[0]).toMatchObject({ severity: 'BREAKING', type: 'FIELD_REMOVED', path: 'Partner.nameEn' });
    // Allowed explicitly, the same change passes and is still reported.
    const allowed = await check(editedPartners(/\n\s*nameEn: String!/, ''), true);
    expect(allowed).toMatchObject({ ok: true, summary: { breaking: 1 } });
  });

  it('classes an added field as safe and passes', async () => {
    const report = await check(editedPartners(/\n(\s*)nameEn: String!/, '\n$1nameEn: String!\n$1"Native name."\n$1nameNative: String'));
    expect(report).toMatchObject({ ok: true, errors: [], summary: { breaking: 0, dangerous: 0 } });
    // The field, and its description: both safe, both on Partner.nameNative.
    expect([...new Set(bySeverity(report, 'SAFE'))]).toEqual(['Partner.nameNative']);
    expect(report.changes.map((c) => c.type)).toContain('FIELD_ADDED');
  });

  it('classes a new required argument and a nullability change as breaking, a new enum value as dangerous', async () => {
    const sdl = editedPartners('frameworkOn(date: Date!)', 'frameworkOn(date: Date!, strict: Boolean!)')
      .replace(/\n(\s*)nameEn: String!/, '\n$1nameEn: String')
      .replace(/(enum PartnerKind \{\n)/, '$1  TERRITORY\n');
    const report = await check(sdl);
    expect(report.ok).toBe(false);
    expect(bySeverity(report, 'BREAKING').sort()).toEqual(['Partner.frameworkOn.strict', 'Partner.nameEn']);
    expect(bySeverity(report, 'DANGEROUS')).toEqual(['PartnerKind.TERRITORY']);
  });

  it('reports a composition error with the subgraph and the field named, and no changes', async () => {
    const report = await check(`${partnersSdl}\ntype Ministry @key(fields: "id") { id: ID! name: Int }\n`);
    expect(report.ok).toBe(false);
    expect(report.changes).toEqual([]);
    expect(report.errors.length).toBeGreaterThan(0);
    const problem = report.errors.find((e) => e.coordinate === 'Ministry.name');
    expect(problem).toMatchObject({ code: 'FIELD_TYPE_MISMATCH' });
    expect(problem?.message).toContain('"partners"');
  });

  it('composes against the subgraphs recorded in the checked-in supergraph (an agency without the code)', async () => {
    const supergraphSdl = fs.readFileSync(path.join(root, 'gateway', 'supergraph.graphql'), 'utf8');
    const recorded = subgraphsOfSupergraph(supergraphSdl);
    expect(recorded.map((s) => s.name).sort()).toEqual(config.subgraphs.map((s) => s.name).sort());
    const recordedPartners = print(recorded.find((s) => s.name === 'partners')!.typeDefs);
    const withoutNameEn = recordedPartners.replace(/(type Partner\b[^{]*\{[^}]*?)\n\s*nameEn: String!/, '$1');
    expect(withoutNameEn).not.toBe(recordedPartners);
    const report = await checkSubgraph({ candidate: { name: 'partners', url: 'http://x', typeDefs: parse(withoutNameEn) }, current: recorded, currentApiSchema: apiSchemaOf(supergraphSdl) });
    // (The extracted subgraphs carry no descriptions, hence safe description changes besides.)
    expect(report.changes.filter((c) => c.severity !== 'SAFE').map((c) => `${c.severity} ${c.path}`)).toEqual(['BREAKING Partner.nameEn']);
    expect(report.ok).toBe(false);
  });

  describe('command line', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-check-'));
      fs.writeFileSync(path.join(dir, 'api-schema.graphql'), treeApiSchema);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = (sdl: string, ...flags: string[]) => {
      const file = path.join(dir, `partners-${Math.random().toString(36).slice(2)}.graphql`);
      fs.writeFileSync(file, sdl);
      return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'schema-check.ts'), '--name', 'partners', '--sdl', file, '--api-schema', path.join(dir, 'api-schema.graphql'), ...flags], {
        cwd: root,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json') },
        encoding: 'utf8',
      });
    };

    it('exits non-zero on a removed field and names it; zero on an added one; JSON on request', () => {
      const removed = run(editedPartners(/\n\s*nameEn: String!/, ''));
      expect(removed.status).toBe(1);
      expect(removed.stdout).toContain('Breaking changes (1)');
      expect(removed.stdout).toContain('Partner.nameEn');
      const added = run(editedPartners(/\n(\s*)nameEn: String!/, '\n$1nameEn: String!\n$1nameNative: String'), '--json');
      expect(added.status).toBe(0);
      const report = JSON.parse(added.stdout) as SchemaCheckReport;
      expect(report).toMatchObject({ subgraph: 'partners', ok: true, summary: { breaking: 0, safe: 1 } });
      expect(report.changes.map((c) => c.path)).toEqual(['Partner.nameNative']);
    }, 120_000);
  });
});
