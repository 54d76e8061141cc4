/**
 * The benchmark's floor: a bare Node pipe with no routing, conversion or
 * recording — node:http in, node:http keep-alive out, both bodies piped. Run
 * with `node bench/run.js --bare` in place of `ais serve`, it shows what this
 * machine gives any Node proxy in the same conditions.
 *
 *   node bench/serve-bare-pipe.js <mock url> <route key>=<upstream path prefix> …
 *
 * The route key (the client's Bearer token) picks the upstream prefix; the
 * client's `/v1` path becomes that prefix (`/v1/chat/completions` → `/paced/chat/completions`).
 * Prints `AI Switch <url>` when listening, like `ais serve`.
 */
import http from 'node:http';

const [mockUrl, ...routeArguments] = process.argv.slice(2);
const upstream = new URL(mockUrl);
const prefixes = new Map(routeArguments.map((pair) => pair.split('=')));
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

const server = http.createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, (req, res) => {
  const key = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
  const prefix = prefixes.get(key);
  if (prefix === undefined) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"unknown route key"}}');
    return;
  }
  const headers = { ...req.headers, host: upstream.host };
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: (req.url ?? '').replace(/^\/v1/, prefix),
      headers,
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => res.destroy());
  res.on('close', () => forward.destroy());
  req.pipe(forward);
});
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  process.stdout.write(`AI Switch http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
