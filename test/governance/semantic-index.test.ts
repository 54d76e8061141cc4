import { afterEach, describe, expect, it } from 'vitest';
import {
  cosineOfUnits,
  createSemanticIndex,
  toUnitVector,
  type SemanticIndexEntry,
} from '../../main/core/governance/create-semantic-index';
import { evaluateSemanticCache } from '../../main/core/governance/evaluate-semantic-cache';
import { scoreAtThreshold, suggestThreshold } from '../../main/core/governance/score-semantic-evaluation';
import { SEMANTIC_CACHE_PAIRS } from '../../main/core/governance/semantic-cache-pairs';
import { semanticCacheSchema } from '../../main/core/config/guardrails-schema';
import { mockEmbedding } from '../helpers/mock-embeddings';
import { tempStore, type TempStore } from '../store/make-trace';

const unit = (values: number[]): Float32Array => toUnitVector(values)!;
const entry = (key: string, values: number[], scope = 's', expiresAt = Infinity): SemanticIndexEntry => ({
  key,
  scope,
  vector: unit(values),
  expiresAt,
});

/** A pseudo-random unit vector (xorshift), the same for the same seed. */
function randomUnit(seed: number, dimensions: number): Float32Array {
  let state = seed * 2654435761 + 1;
  const values = Array.from({ length: dimensions }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32) * 2 - 1;
  });
  return unit(values);
}

describe('semantic index', () => {
  it('unit vectors make the dot product the cosine; a zero vector has no direction', () => {
    expect(cosineOfUnits(unit([1, 0]), unit([2, 0]))).toBeCloseTo(1, 6);
    expect(cosineOfUnits(unit([1, 0]), unit([0, 3]))).toBeCloseTo(0, 6);
    expect(cosineOfUnits(unit([1, 1]), unit([1, 0]))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosineOfUnits(unit([1, 0]), unit([-1, 0]))).toBeCloseTo(-1, 6);
    expect(toUnitVector([0, 0, 0])).toBeUndefined();
    expect(toUnitVector([Number.NaN, 1])).toBeUndefined();
  });

  it('finds the nearest entry of the same scope only, and skips expired and other-length vectors', () => {
    const index = createSemanticIndex({ maxBytes: () => 1e6 });
    index.add(entry('near', [1, 0.1, 0]));
    index.add(entry('far', [0, 1, 0]));
    index.add(entry('other-scope', [1, 0, 0], 'elsewhere'));
    index.add(entry('expired', [1, 0, 0], 's', 1_000));
    index.add(entry('other-length', [1, 0]));
    const match = index.nearest('s', unit([1, 0, 0]), 2_000)!;
    expect(match.key).toBe('near');
    expect(match.similarity).toBeCloseTo(1 / Math.sqrt(1.01), 5);
    expect(index.size).toBe(4); // the expired one went while looking
    expect(index.nearest('nobody', unit([1, 0, 0]), 2_000)).toBeUndefined();
    expect(index.has('elsewhere')).toBe(true);
    expect(index.has('nobody')).toBe(false);
  });

  it('stays under its byte bound by dropping the least recently used; a touch keeps an entry', () => {
    const dimensions = 64;
    const sample = entry('k0', Array.from(randomUnit(1, dimensions)));
    const index = createSemanticIndex({ maxBytes: () => 0 });
    expect(index.add(sample)).toEqual([]); // larger than the whole bound: not kept
    expect(index.size).toBe(0);

    let bound = 0;
    const bounded = createSemanticIndex({ maxBytes: () => bound });
    bound = Number.MAX_SAFE_INTEGER;
    bounded.add(sample);
    const perEntry = bounded.bytes;
    bounded.clear();
    bound = perEntry * 3;
    for (const key of ['a', 'b', 'c']) bounded.add({ ...sample, key: `k${key}` });
    bounded.touch('ka');
    const evicted = bounded.add({ ...sample, key: 'kd' });
    expect(evicted).toEqual(['kb']);
    expect(bounded.size).toBe(3);
    expect(bounded.bytes).toBeLessThanOrEqual(bound);
    // Replacing a key does not count it twice.
    bounded.add({ ...sample, key: 'kd' });
    expect(bounded.size).toBe(3);
    bounded.remove('ka');
    expect(bounded.size).toBe(2);
    expect(bounded.has('s')).toBe(true);
  });

  it('looks up 10,000 vectors of 1,536 dimensions in one scope within milliseconds', () => {
    const dimensions = 1_536;
    const index = createSemanticIndex({ maxBytes: () => 128 * 2 ** 20 });
    for (let seed = 0; seed < 10_000; seed++)
      index.add({
        key: `k${seed}`,
        scope: 'one',
        vector: randomUnit(seed + 1, dimensions),
        expiresAt: Infinity,
      });
    expect(index.size).toBe(10_000);
    const query = randomUnit(99_999, dimensions);
    index.nearest('one', query, 0); // warm up
    const timings: number[] = [];
    for (let round = 0; round < 20; round++) {
      const started = performance.now();
      index.nearest('one', query, 0);
      timings.push(performance.now() - started);
    }
    timings.sort((left, right) => left - right);
    const median = timings[10]!;
    console.info(
      `semantic index: 10,000 × 1,536 dims, ${(index.bytes / 2 ** 20).toFixed(1)} MB, lookup median ${median.toFixed(2)} ms, max ${timings.at(-1)!.toFixed(2)} ms`,
    );
    // Generous for a shared CI core; a scan gone quadratic or an allocation per entry would blow it.
    expect(median).toBeLessThan(100);
    // The nearest of the query itself is the query.
    index.add({ key: 'self', scope: 'one', vector: query, expiresAt: Infinity });
    expect(index.nearest('one', query, 0)).toMatchObject({ key: 'self' });
  });
});

describe('semantic evaluation scoring', () => {
  const similarities = [
    { id: 'p1', expected: 'hit' as const, similarity: 0.99 },
    { id: 'p2', expected: 'hit' as const, similarity: 0.93 },
    { id: 'p3', expected: 'hit' as const, similarity: 0.8 },
    { id: 'n1', expected: 'miss' as const, similarity: 0.96 },
    { id: 'n2', expected: 'miss' as const, similarity: 0.9 },
    { id: 'n3', expected: 'miss' as const, similarity: 0.5 },
    { id: 'n4', expected: 'miss' as const, similarity: 0.2 },
  ];

  it('counts served paraphrases, served near misses and their rates at a threshold', () => {
    expect(scoreAtThreshold(similarities, 0.95)).toEqual({
      threshold: 0.95,
      hits: 1,
      missed: 2,
      falseHits: 1,
      shouldHit: 3,
      shouldMiss: 4,
      precision: 0.5,
      recall: 1 / 3,
      falseHitRate: 0.25,
    });
    expect(scoreAtThreshold(similarities, 0.97)).toMatchObject({ hits: 1, falseHits: 0, precision: 1 });
    expect(scoreAtThreshold(similarities, 0.999)).toMatchObject({ hits: 0, precision: 1, recall: 0 });
  });

  it('suggests the lowest threshold on a 0.005 grid that keeps the near misses within the bound', () => {
    expect(suggestThreshold(similarities, 0)).toBe(0.965);
    expect(scoreAtThreshold(similarities, 0.965).falseHits).toBe(0);
    // One of four near misses may hit: the second one has to be kept out.
    expect(suggestThreshold(similarities, 0.25)).toBe(0.905);
    expect(suggestThreshold([{ id: 'n', expected: 'miss', similarity: 0.96 }], 0)).toBe(0.965);
    // On the grid: strictly above.
    expect(suggestThreshold([{ id: 'n', expected: 'miss', similarity: 0.95 }], 0)).toBe(0.955);
    // A near miss embedded identically: no threshold helps.
    expect(suggestThreshold([{ id: 'n', expected: 'miss', similarity: 1 }], 0)).toBeUndefined();
  });

  it('the labelled set has both kinds, unique ids, and no pair of identical prompts', () => {
    const ids = new Set(SEMANTIC_CACHE_PAIRS.map((pair) => pair.id));
    expect(ids.size).toBe(SEMANTIC_CACHE_PAIRS.length);
    expect(SEMANTIC_CACHE_PAIRS.filter((pair) => pair.expected === 'hit').length).toBeGreaterThanOrEqual(20);
    expect(SEMANTIC_CACHE_PAIRS.filter((pair) => pair.expected === 'miss').length).toBeGreaterThanOrEqual(30);
    for (const pair of SEMANTIC_CACHE_PAIRS) expect(pair.first, pair.id).not.toBe(pair.second);
  });

  it('evaluates the labelled set with the bag-of-words mock: no near miss served at 0.95, few paraphrases either', async () => {
    const settings = semanticCacheSchema.parse({ provider: 'p', model: 'bag-of-words' });
    const report = await evaluateSemanticCache({
      settings,
      embed: async (texts) => texts.map((text) => mockEmbedding(text)),
      now: () => 42,
    });
    console.info(
      `mock evaluation at ${report.threshold}: precision ${report.score.precision}, recall ${report.score.recall.toFixed(3)}, ` +
        `false-hit rate ${report.score.falseHitRate}, suggested ${report.suggestedThreshold}, ` +
        `served: ${report.similarities
          .filter((pair) => pair.similarity >= report.threshold)
          .map((pair) => pair.id)
          .join(
            ', ',
          )}; nearest near miss ${Math.max(...report.similarities.filter((pair) => pair.expected === 'miss').map((pair) => pair.similarity))}`,
    );
    expect(report.pairs).toBe(SEMANTIC_CACHE_PAIRS.length);
    expect(report.recordedAt).toBe(42);
    expect(report.score.falseHits).toBe(0);
    expect(report.passed).toBe(true);
    // It knows no synonyms: only rewordings in case, punctuation and filler words meet the threshold.
    expect(report.score.recall).toBeLessThan(0.5);
    expect(report.missed.map((pair) => pair.id)).toContain('regex-email');
    const suggested = report.suggestedThreshold!;
    expect(scoreAtThreshold(report.similarities, suggested).falseHits).toBe(0);
    expect(scoreAtThreshold(report.similarities, suggested - 0.005).falseHits).toBeGreaterThan(0);
  });

  it('an evaluation whose embedder answers vectors of two lengths fails instead of scoring nonsense', async () => {
    const settings = semanticCacheSchema.parse({ provider: 'p', model: 'm' });
    let call = 0;
    await expect(
      evaluateSemanticCache({
        settings,
        embed: async (texts) => texts.map(() => (call++ === 0 ? [1, 0] : [1, 0, 0])),
      }),
    ).rejects.toThrow(/different lengths/);
  });
});

describe('semantic cache table', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it('keeps vectors per embedder across reopening, newest first, and sweeps expired and foreign ones', () => {
    temp = tempStore();
    const store = temp.open();
    const table = store.semanticCache;
    const vector = new Float32Array([0.6, 0.8, 0]);
    table.put('emb-a', { key: 'k1', scope: 's', vector, expiresAt: 10_000 }, 100);
    table.put('emb-a', { key: 'k2', scope: 's', vector, expiresAt: 10_000 }, 200);
    table.put('emb-a', { key: 'old', scope: 's', vector, expiresAt: 500 }, 50);
    table.put('emb-b', { key: 'b1', scope: 's', vector, expiresAt: 10_000 }, 300);
    table.touch('k1', 400);
    store.close();

    const reopened = temp.open().semanticCache;
    const rows = reopened.load('emb-a', 1_000, 10);
    expect(rows.map((row) => row.key)).toEqual(['k1', 'k2']);
    expect(Array.from(rows[0]!.vector)).toEqual(Array.from(vector));
    expect(reopened.load('emb-a', 1_000, 1)).toHaveLength(1);
    expect(reopened.sweep('emb-a', 1_000)).toBe(2); // `old` expired, `b1` another model's
    expect(reopened.count()).toBe(2);
    reopened.remove(['k1']);
    expect(reopened.count()).toBe(1);

    expect(reopened.latestEvaluation('emb-a', 'set')).toBeUndefined();
    reopened.recordEvaluation('emb-a', 'set', {
      at: 1,
      similarities: [{ id: 'x', expected: 'miss', similarity: 0.5 }],
    });
    reopened.recordEvaluation('emb-a', 'set', {
      at: 2,
      similarities: [{ id: 'x', expected: 'miss', similarity: 0.97 }],
    });
    expect(reopened.latestEvaluation('emb-a', 'set')).toEqual({
      at: 2,
      similarities: [{ id: 'x', expected: 'miss', similarity: 0.97 }],
    });
    expect(reopened.latestEvaluation('emb-a', 'another set')).toBeUndefined();
    expect(reopened.latestEvaluation('emb-b', 'set')).toBeUndefined();
  });
});
