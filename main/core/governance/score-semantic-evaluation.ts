import type { SemanticEvaluationRow } from '../store';

type Similarity = SemanticEvaluationRow['similarities'][number];

export interface SemanticScore {
  threshold: number;
  /** Pairs labelled `hit` at or above the threshold (served, rightly). */
  hits: number;
  /** Pairs labelled `hit` below it (the provider asked again: costs money, never harm). */
  missed: number;
  /** Pairs labelled `miss` at or above it: a wrong answer served. */
  falseHits: number;
  shouldHit: number;
  shouldMiss: number;
  /** Of the answers served, the share that was right; 1 when none was served. */
  precision: number;
  /** Of the pairs that should hit, the share that did. */
  recall: number;
  /** Of the pairs that must not hit, the share that did. */
  falseHitRate: number;
}

/** How the labelled pairs fare at one threshold. */
export function scoreAtThreshold(similarities: readonly Similarity[], threshold: number): SemanticScore {
  let hits = 0;
  let missed = 0;
  let falseHits = 0;
  let shouldMiss = 0;
  for (const pair of similarities) {
    const served = pair.similarity >= threshold;
    if (pair.expected === 'hit') {
      if (served) hits++;
      else missed++;
    } else {
      shouldMiss++;
      if (served) falseHits++;
    }
  }
  const shouldHit = hits + missed;
  return {
    threshold,
    hits,
    missed,
    falseHits,
    shouldHit,
    shouldMiss,
    precision: hits + falseHits === 0 ? 1 : hits / (hits + falseHits),
    recall: shouldHit === 0 ? 0 : hits / shouldHit,
    falseHitRate: shouldMiss === 0 ? 0 : falseHits / shouldMiss,
  };
}

/** Thresholds are suggested on this grid, so a suggestion reads as a setting, not a float. */
const STEP = 0.005;

/**
 * The lowest threshold (most hits) whose false-hit rate is at most
 * `maxFalseHitRate`, on a 0.005 grid strictly above the near miss it has to
 * keep out; undefined when even 1 would serve too many near misses (the model
 * embeds some of them identically).
 */
export function suggestThreshold(
  similarities: readonly Similarity[],
  maxFalseHitRate: number,
): number | undefined {
  const nearMisses = similarities
    .filter((pair) => pair.expected === 'miss')
    .map((pair) => pair.similarity)
    .sort((left, right) => right - left);
  const allowed = Math.floor(maxFalseHitRate * nearMisses.length + 1e-9);
  const keptOut = nearMisses[allowed];
  if (keptOut === undefined) return STEP;
  const threshold = Math.round((Math.floor(keptOut / STEP + 1e-9) + 1) * STEP * 1000) / 1000;
  if (threshold > 1) return undefined;
  return Math.max(threshold, STEP);
}
