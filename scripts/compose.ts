/**
 * Composes the supergraph from the subgraphs in supergraph.config.json and writes gateway/supergraph.graphql (what the
 * gateway serves) and gateway/api-schema.graphql (what clients see: the schema codegen reads).
 * `--check` fails when a checked-in file is stale or composition reports an error (CI runs it through the tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { apiSchemaOf, composeSupergraph } from '@accords/gateway';
import { subgraphTypeDefs } from '@accords/subgraph-kit';
import { configuredSubgraphs } from './subgraphs';

const gatewayDir = path.join(__dirname, '..', 'gateway');
const result = composeSupergraph(configuredSubgraphs().map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: subgraphTypeDefs(s.module) })));
if (!result.ok) {
  console.error(`Composition failed:\n  - ${result.errors.join('\n  - ')}`);
  process.exit(1);
}
const outputs = {
  'supergraph.graphql': result.supergraphSdl,
  'api-schema.graphql': apiSchemaOf(result.supergraphSdl),
};
if (process.argv.includes('--check')) {
  const stale = Object.entries(outputs).filter(([file, text]) => {
    const target = path.join(gatewayDir, file);
    return (fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '') !== text;
  });
  if (stale.length) {
    console.error(`${stale.map(([file]) => `gateway/${file}`).join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run \`npm run compose\` and commit.`);
    process.exit(1);
  }
  console.log('Supergraph and API schema are current.');
} else {
  for (const [file, text] of Object.entries(outputs)) {
    const target = path.join(gatewayDir, file);
    fs.writeFileSync(target, text);
    console.log(`Wrote ${path.relative(process.cwd(), target)}`);
  }
}
