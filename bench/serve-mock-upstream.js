/**
 * The benchmark's fake provider, run as its own process so its CPU never
 * counts as the proxy's. Plain node:http, every body precomputed from real
 * DeepSeek recordings; the path prefix picks the answer:
 *   /json/…   a Chat Completions JSON body
 *   /sse/…    a 20-event Chat Completions SSE stream, written at once
 *   /paced/…  the same 20 events, headers + first event at once, then one every PACE_MS
 * Prints `MOCK <url>` when listening; exits on SIGTERM or when stdin closes.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACE_MS = 10;
const STREAM_EVENTS = 20;
const here = path.dirname(fileURLToPath(import.meta.url));
const deepseek = path.resolve(here, '..', 'test', 'fixtures', 'upstream', 'deepseek');

const jsonBody = Buffer.from(
  JSON.stringify(JSON.parse(readFileSync(path.join(deepseek, 'deepseek-text.json'), 'utf8'))),
);

/** The first 19 content events of the recording plus its final event (finish_reason + usage). */
function streamEvents() {
  const lines = readFileSync(path.join(deepseek, 'deepseek-text.chunks.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const picked = [...lines.slice(0, STREAM_EVENTS - 1), lines[lines.length - 1]];
  const frames = picked.map((line) => Buffer.from(`data: ${line}\n\n`));
  frames[frames.length - 1] = Buffer.concat([frames[frames.length - 1], Buffer.from('data: [DONE]\n\n')]);
  return frames;
}
const sseFrames = streamEvents();
const sseBody = Buffer.concat(sseFrames);

const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': String(jsonBody.length) };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

function answer(req, res) {
  const url = req.url ?? '';
  if (url.startsWith('/json/')) {
    res.writeHead(200, JSON_HEADERS);
    res.end(jsonBody);
  } else if (url.startsWith('/sse/')) {
    res.writeHead(200, SSE_HEADERS);
    res.end(sseBody);
  } else if (url.startsWith('/paced/')) {
    res.writeHead(200, SSE_HEADERS);
    let next = 0;
    const timer = setInterval(() => {
      if (res.destroyed) {
        clearInterval(timer);
        return;
      }
      const frame = sseFrames[next];
      next += 1;
      if (next === sseFrames.length) {
        clearInterval(timer);
        res.end(frame);
      } else res.write(frame);
    }, PACE_MS);
    res.write(sseFrames[0]);
    next = 1;
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"unknown bench path"}}');
  }
}

const server = http.createServer(
  { keepAliveTimeout: 120_000, requestTimeout: 0, headersTimeout: 60_000 },
  (req, res) => {
    // Read the whole request like a real provider does, then answer.
    req.on('data', () => {});
    req.on('end', () => answer(req, res));
  },
);
server.on('connection', (socket) => socket.setNoDelay(true));
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  process.stdout.write(`MOCK http://127.0.0.1:${server.address().port}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
