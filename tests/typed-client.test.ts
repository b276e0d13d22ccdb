import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSchema, parse, validate } from 'graphql';
import { manifestPath, manifestText } from '@accords/examples/scripts/manifest';

const root = path.join(__dirname, '..');
const examplesDir = path.join(root, 'examples');

describe('typed client example (examples/)', () => {
  it('has its generated typed documents current with the operations and gateway/api-schema.graphql (`npm run codegen`)', () => {
    // The generator runs as its own process (codegen's plugins load ES modules, which Jest's module system cannot).
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-codegen-'));
    try {
      const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/codegen.ts', '--out', out], { cwd: examplesDir, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`codegen failed: ${run.stderr}`);
      const generated = path.join('src', 'generated', 'graphql.ts');
      expect(fs.readdirSync(path.join(out, 'src', 'generated'))).toEqual(['graphql.ts']);
      expect(fs.readFileSync(path.join(out, generated), 'utf8')).toBe(fs.readFileSync(path.join(examplesDir, generated), 'utf8'));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('has its persisted-query manifest current with the generated documents (`npm run persisted:manifest`)', async () => {
    expect(fs.readFileSync(manifestPath, 'utf8')).toBe(await manifestText());
  });

  it('lists in the manifest every example operation, each valid against the API schema and identified by the SHA-256 of its body', async () => {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    // With the report and export features' operations (tests/persisted-manifest-coverage.test.ts).
    expect(manifest.operations.map((op: { name: string }) => op.name)).toEqual(expect.arrayContaining(['CommitmentWithPartners', 'MinistryCommitmentsPage']));
    const schema = buildSchema(fs.readFileSync(path.join(root, 'gateway', 'api-schema.graphql'), 'utf8'));
    const { createHash } = await import('node:crypto');
    for (const op of manifest.operations) {
      expect(validate(schema, parse(op.body))).toEqual([]);
      expect(op.id).toBe(createHash('sha256').update(op.body).digest('hex'));
    }
  });
});
