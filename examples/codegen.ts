import type { Types } from '@graphql-codegen/plugin-helpers';

/**
 * @graphql-codegen configuration, in the format the codegen CLI reads: typed documents for the operations under
 * operations/, against the gateway's composed API schema (not the supergraph). `npm run codegen -w @accords/examples`
 * runs it through @graphql-codegen/core (scripts/codegen.ts); a test fails when the output is stale.
 */
const config: Types.Config = {
  schema: '../gateway/api-schema.graphql',
  documents: ['operations/*.graphql'],
  generates: {
    'src/generated/graphql.ts': {
      // typescript-operations emits only the types these operations use (a schema change elsewhere leaves the file
      // alone); typed-document-node emits one TypedDocumentNode per operation, carrying its result and variable types.
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        strictScalars: true,
        // Date is YYYY-MM-DD, DateTime ISO 8601, Decimal a decimal string: all strings on the wire.
        scalars: { Date: 'string', DateTime: 'string', Decimal: 'string' },
      },
    },
  },
};

export default config;
