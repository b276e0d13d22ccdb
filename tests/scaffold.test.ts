import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Identity } from '@accords/auth';
import { composeSupergraph } from '@accords/gateway';
import { subgraphTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { scaffoldSubgraph } from '../scripts/subgraph-new';
import config from '../supergraph.config.json';
import { allModules, partners } from './modules';

// `npm run subgraph:new` end to end: a throwaway subgraph scaffolded into a temporary folder type-checks, passes its
// own test, composes with the repository's subgraphs, and the field it adds to Partner answers through a gateway.

const root = path.join(__dirname, '..');
let dir: string;
let configPath: string;
let packageDir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-'));
  configPath = path.join(dir, 'supergraph.config.json');
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('subgraph scaffold', () => {
  it('creates the package on the shared kit and registers it with the next free port', () => {
    const result = scaffoldSubgraph({ name: 'probe', owner: 'MINISTRY:MOIT', parentDir: dir, configPath, stamp: 1800000000000 });
    packageDir = result.directory;
    expect(result.files).toEqual(
      expect.arrayContaining(['package.json', 'src/main.ts', 'src/module.ts', 'src/owner.ts', 'src/loaders.ts', 'src/db/migrations/1800000000000-CreateProbeNote.ts', 'src/schema/probe.graphql', 'test/probe.test.ts']),
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    // The kit is a dependency, not a copy.
    expect(pkg).toMatchObject({ name: '@accords/probe', dependencies: { '@accords/subgraph-kit': '0.1.0', '@accords/db': '0.1.0', '@accords/auth': '0.1.0' }, devDependencies: { '@accords/testkit': '0.1.0' } });
    const ports = config.subgraphs.map((s) => Number(new URL(s.routingUrl).port));
    const registered = JSON.parse(fs.readFileSync(configPath, 'utf8')).subgraphs;
    expect(registered.at(-1)).toEqual({ name: 'probe', package: '@accords/probe', export: 'probe', routingUrl: `http://127.0.0.1:${Math.max(...ports) + 1}/graphql` });
    expect(fs.readFileSync(path.join(packageDir, 'src', 'owner.ts'), 'utf8')).toContain("{ type: 'MINISTRY', id: 'MOIT' }");
    // The repository's packages resolve from the temporary folder as they do from subgraphs/<name>.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(packageDir, 'node_modules'), 'dir');
  });

  it('refuses a bad name, a bad owner and an existing folder', () => {
    expect(() => scaffoldSubgraph({ name: 'Bad-Name', owner: 'MINISTRY:MOIT', parentDir: dir, configPath: null })).toThrow(/lower-case/);
    expect(() => scaffoldSubgraph({ name: 'other', owner: 'MOIT', parentDir: dir, configPath: null })).toThrow(/--owner/);
    expect(() => scaffoldSubgraph({ name: 'probe', owner: 'MINISTRY:MOIT', parentDir: dir, configPath: null })).toThrow(/already exists/);
  });

  it('type-checks', () => {
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(packageDir, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 180_000);

  it('passes its own test', () => {
    const jestConfig = {
      rootDir: packageDir,
      roots: ['<rootDir>/test'],
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.base.json') }] },
    };
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(jestConfig), '--ci'], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env },
    });
    expect(`${run.stderr}`).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(run.status).toBe(0);
  }, 240_000);

  it('composes with the repository subgraphs and answers the field it adds to Partner through a gateway', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { probe } = require(path.join(packageDir, 'src', 'module.ts')) as { probe: SubgraphModule<unknown> };
    const composed = composeSupergraph([...allModules, probe].map((m) => ({ name: m.name, url: `http://${m.name}.invalid/graphql`, typeDefs: subgraphTypeDefs(m) })));
    expect(composed.ok ? [] : composed.errors).toEqual([]);

    const graph = await openTestSupergraph([partners, probe], { seed: 'reference' });
    try {
      const editor: Identity = { subject: 'moit-editor', agency: { type: 'MINISTRY', id: 'MOIT' }, roles: ['editor'] };
      const added = await graph.query('mutation { addProbeNote(partnerId: "JP", text: "Trade mission, March") { id } }', {}, editor);
      expect(added.errors).toBeUndefined();
      const { data, errors } = await graph.query<{ partner: { name: string; probeNotes: { text: string; partner: { nameEn: string } }[] } }>(
        'query { partner(id: "JP") { name probeNotes { text partner { nameEn } } } }',
      );
      expect(errors).toBeUndefined();
      expect(data!.partner).toEqual({ name: 'Nhật Bản', probeNotes: [{ text: 'Trade mission, March', partner: { nameEn: 'Japan' } }] });
    } finally {
      await graph.dispose();
    }
  }, 120_000);
});
