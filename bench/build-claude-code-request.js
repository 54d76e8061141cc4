/**
 * A realistic ~300 KB Claude Code request: a real capture (Read tool, second
 * turn) grown with Read tool turns whose results are distinct slices of real
 * TypeScript source, as a long coding session sends them. bench/run.js and
 * bench/routing-bench.ts both build it here, so they measure the same request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './start-bench-processes.js';

const TARGET_BYTES = 300 * 1024;
const SLICE_CHARACTERS = 12_000;
const CAPTURE = path.join(
  REPO_ROOT,
  'test',
  'fixtures',
  'clients',
  'claude-tool-read__claude-code__POST-v1-messages__02.json',
);
const SOURCE_MODULES = [
  'fs',
  'crypto',
  'http2',
  'process',
  'http',
  'util',
  'buffer',
  'stream',
  'test',
  'child_process',
  'tls',
  'net',
];

function sourceSlice(sources, index) {
  const source = sources[index % sources.length] ?? '';
  const start =
    (Math.floor(index / sources.length) * SLICE_CHARACTERS) % Math.max(1, source.length - SLICE_CHARACTERS);
  return source.slice(start, start + SLICE_CHARACTERS);
}

let sources;
function loadSources() {
  sources ??= SOURCE_MODULES.map((name) =>
    readFileSync(path.join(REPO_ROOT, 'node_modules', '@types', 'node', `${name}.d.ts`), 'utf8'),
  );
  return sources;
}

/** The `index`-th Read tool turn of the session: a tool_use and its 12 KB result. */
export function readTurn(index) {
  const id = `toolu_bench_${index}`;
  return [
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id, name: 'Read', input: { file_path: `/repo/src/file-${index}.ts` } }],
    },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: sourceSlice(loadSources(), index) }],
    },
  ];
}

/** `{ body, headers, path, turns }`: the grown JSON body and the capture's own headers (route key to be added). */
export function buildClaudeCodeRequest() {
  const capture = JSON.parse(readFileSync(CAPTURE, 'utf8'));
  const base = capture.body;
  const messages = [...base.messages];
  let turns = 0;
  while (JSON.stringify({ ...base, messages }).length < TARGET_BYTES) {
    messages.push(...readTurn(turns));
    turns += 1;
  }
  messages.push({
    role: 'user',
    content: [{ type: 'text', text: 'Now summarise what these files have in common.' }],
  });
  const headers = {};
  for (const [name, value] of Object.entries(capture.headers)) {
    if (!['host', 'content-length', 'connection', 'x-api-key', 'authorization'].includes(name))
      headers[name] = value;
  }
  const query = new URLSearchParams(capture.query ?? {}).toString();
  return {
    body: JSON.stringify({ ...base, messages }),
    headers,
    path: `${capture.path}${query ? `?${query}` : ''}`,
    turns,
  };
}
