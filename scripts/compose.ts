/**
 * Composes the supergraph from the subgraphs in supergraph.config.json and writes gateway/supergraph.graphql.
 * `--check` fails when the checked-in file is stale or composition reports an error (CI runs it through the tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '@accords/gateway';
import { subgraphTypeDefs } from '@accords/subgraph-kit';
import { configuredSubgraphs } from './subgraphs';

const target = path.join(__dirname, '..', 'gateway', 'supergraph.graphql');
const result = composeSupergraph(configuredSubgraphs().map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: subgraphTypeDefs(s.module) })));
if (!result.ok) {
  console.error(`Composition failed:\n  - ${result.errors.join('\n  - ')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== result.supergraphSdl) {
    console.error('gateway/supergraph.graphql is stale: run `npm run compose` and commit it.');
    process.exit(1);
  }
  console.log('Supergraph is current.');
} else {
  fs.writeFileSync(target, result.supergraphSdl);
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
}
