/**
 * Reads a `node --cpu-prof` profile and answers where the time went: self
 * time per package and per function, and inclusive time of the proxy's own
 * functions (which stage costs what). Idle time is left out of the
 * percentages; a window (CLOCK_MONOTONIC µs, as `process.hrtime` counts)
 * keeps start-up and shutdown out of a steady-state profile.
 */
import { readFileSync } from 'node:fs';

const NOT_WORK = new Set(['(idle)', '(program)']);

function packageOf(name, url) {
  if (name === '(garbage collector)') return name;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node core';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  return /\/out\/main\//.test(url) ? 'ais (out/main)' : url;
}

function shortUrl(url) {
  return url.replace(/^file:\/\/.*?\/(node_modules|out)\//, '$1/');
}

function sortedTop(map, total, top) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => {
      const [name, where = ''] = key.split('\u0000');
      return {
        name,
        where: shortUrl(where),
        ms: micros / 1000,
        percent: total === 0 ? 0 : (100 * micros) / total,
      };
    });
}

/**
 * `{ totalMs, packages, functions, stages }`: self time by package and by
 * function, inclusive time of functions in the built ais bundle.
 */
export function summariseCpuProfile(file, { fromMicros = -Infinity, toMicros = Infinity, top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const keyOf = (node) =>
    `${node.callFrame.functionName || '(anonymous)'}\u0000${node.callFrame.url}:${node.callFrame.lineNumber + 1}`;

  const selfByFunction = new Map();
  const selfByPackage = new Map();
  const inclusive = new Map();
  let total = 0;
  let timestamp = profile.startTime;
  for (let index = 0; index < profile.samples.length; index += 1) {
    timestamp += profile.timeDeltas[index] ?? 0;
    // The span until the next sample belongs to this one.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    if (timestamp < fromMicros || timestamp > toMicros) continue;
    const node = nodes.get(profile.samples[index]);
    const name = node.callFrame.functionName || '(anonymous)';
    if (NOT_WORK.has(name)) continue;
    total += micros;
    const key = keyOf(node);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros);
    const pkg = packageOf(name, node.callFrame.url);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + micros);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id);
      if (!/\/out\/main\//.test(frame.callFrame.url)) continue;
      const frameKey = keyOf(frame);
      if (seen.has(frameKey)) continue;
      seen.add(frameKey);
      inclusive.set(frameKey, (inclusive.get(frameKey) ?? 0) + micros);
    }
  }
  return {
    totalMs: total / 1000,
    packages: sortedTop(selfByPackage, total, 12),
    functions: sortedTop(selfByFunction, total, top),
    stages: sortedTop(inclusive, total, top),
  };
}

/** Markdown for one summary. */
export function formatCpuProfile(summary) {
  const lines = [
    `busy CPU in the window: ${summary.totalMs.toFixed(0)} ms`,
    '',
    '| self % | self ms | package |',
    '|---:|---:|---|',
  ];
  for (const entry of summary.packages)
    lines.push(`| ${entry.percent.toFixed(1)} | ${entry.ms.toFixed(0)} | ${entry.name} |`);
  lines.push('', '| self % | self ms | function | where |', '|---:|---:|---|---|');
  for (const entry of summary.functions)
    lines.push(`| ${entry.percent.toFixed(1)} | ${entry.ms.toFixed(0)} | ${entry.name} | ${entry.where} |`);
  lines.push('', '| inclusive % | ms | ais function | where |', '|---:|---:|---|---|');
  for (const entry of summary.stages)
    lines.push(`| ${entry.percent.toFixed(1)} | ${entry.ms.toFixed(0)} | ${entry.name} | ${entry.where} |`);
  return lines.join('\n');
}
