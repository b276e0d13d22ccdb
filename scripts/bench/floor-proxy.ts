/**
 * The floor of one more HTTP hop, for `npm run bench:gateways`: `POST /<subgraph>/graphql` is passed to that
 * subgraph (FLOOR_TARGETS, a JSON object of subgraph name to URL) over a kept-alive connection, and its answer's
 * status, content type and bytes are passed back. No GraphQL, no identity, no logging, no metrics: what any gateway
 * in Node pays at least for a single-subgraph query, on this machine, so the benchmark can tell the gateway's own
 * cost from the cost of the hop itself. Benchmark-only: never part of the product.
 */
import http from 'node:http';

const port = Number(process.env.FLOOR_PORT);
const targets = new Map(Object.entries(JSON.parse(process.env.FLOOR_TARGETS ?? '{}') as Record<string, string>).map(([name, url]) => [`/${name}/graphql`, new URL(url)]));
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo' });

http
  .createServer((req, res) => {
    const target = targets.get(req.url ?? '');
    if (req.method !== 'POST' || !target) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': body.length };
      const identity = req.headers['x-accords-identity'];
      if (identity) headers['x-accords-identity'] = identity;
      const forward = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const bytes = Buffer.concat(parts);
          res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': bytes.length }).end(bytes);
        });
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`floor proxy on ${port}`));

process.on('SIGTERM', () => process.exit(0));
