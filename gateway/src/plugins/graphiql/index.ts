import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';

/** The assets renderGraphiQL inlines (its `./graphiql` entry; typed here, as moduleResolution "node" ignores `exports`). */
interface GraphiqlAssets {
  js: string;
  css: string;
  favicon: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}
const graphiql: GraphiqlAssets = require('@graphql-yoga/render-graphiql/graphiql');

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

/** A script's text made safe to inline in `<script>`: no `</script` ends the element early (`<\/` means `</` in JS text). */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/** The page's own scripts: exceljs's browser bundle, the table logic shared with the Node tests, the toolbar. */
function downloadScripts(): string[] {
  const exceljs = path.join(path.dirname(require.resolve('exceljs/package.json')), 'dist', 'exceljs.min.js');
  return [fs.readFileSync(exceljs, 'utf8'), fs.readFileSync(path.join(__dirname, 'table-export.js'), 'utf8'), fs.readFileSync(path.join(__dirname, 'download-toolbar.js'), 'utf8')];
}

/**
 * The GraphiQL page: @graphql-yoga/render-graphiql's editor (script, styles and Monaco workers) inlined as its own
 * renderGraphiQL does, plus the download toolbar (CSV/XLSX of the current result's list, see download-toolbar.js)
 * and exceljs's browser bundle, all read from this package's dependencies. The page requests nothing from any other
 * host, so it works on an agency network with no Internet access. The page is rendered here rather than by
 * renderGraphiQL because GraphiQL must be given a function (`onTabChange`, which hands the toolbar each result), and
 * renderGraphiQL only passes JSON options.
 */
export function renderGraphiqlPage(options: { endpoint: string; title?: string }): string {
  const title = options.title ?? 'Accords GraphiQL';
  const config = { endpoint: options.endpoint, title, defaultQuery: DEFAULT_GRAPHIQL_QUERY };
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  const scripts = downloadScripts().map((source) => `<script>${inlineScript(source)}</script>`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</title>
    <link rel="icon" href="${graphiql.favicon}" />
    <style>${graphiql.css}</style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    ${scripts.join('\n    ')}
    <script>
      function prepareBlob(workerContent) {
        return URL.createObjectURL(new Blob([workerContent], { type: 'application/javascript' }));
      }
      const workers = {
        editorWorkerService: prepareBlob(${json(graphiql.editorWorkerService)}),
        json: prepareBlob(${json(graphiql.jsonWorker)}),
        graphql: prepareBlob(${json(graphiql.graphqlWorker)}),
      };
      self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return workers[label]; } };
      ${inlineScript(graphiql.js)};
      YogaGraphiQL.renderYogaGraphiQL(
        window.document.querySelector('#root'),
        Object.assign(${json(config)}, { onTabChange: window.AccordsGraphiQLDownload.onTabChange }),
      );
    </script>
  </body>
</html>
`;
}

/**
 * Serves GraphiQL from this package's own dependencies: the whole editor (script and styles) is inlined in the page,
 * so it works on an agency network with no Internet access and makes no request to any other host.
 */
export function graphiqlLandingPage(options: { endpoint: string; title?: string }): ApolloServerPlugin {
  const html = renderGraphiqlPage(options);
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
