import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

export const DEFAULT_GRAPHIQL_QUERY = `# Accords: every international commitment, across all agencies, in one query.
query RecentCommitments {
  commitments(first: 5) {
    totalCount
    edges {
      node {
        code
        title
        signedOn
        leadAgency { ... on Ministry { name } ... on Locality { name } }
        partners { name }
      }
    }
  }
}
`;

/**
 * Serves GraphiQL from this package's own dependencies: the whole editor (script and styles) is inlined in the page,
 * so it works on an agency network with no Internet access and makes no request to any other host.
 */
export function graphiqlLandingPage(options: { endpoint: string; title?: string }): ApolloServerPlugin {
  const html = renderGraphiQL({ endpoint: options.endpoint, title: options.title ?? 'Accords GraphiQL', defaultQuery: DEFAULT_GRAPHIQL_QUERY } as never);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
