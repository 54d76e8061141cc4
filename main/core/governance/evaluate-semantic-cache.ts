import type { SemanticCacheConfig } from '../config/guardrails-schema';
import type { SemanticEvaluationRow } from '../store';
import { cosineOfUnits, toUnitVector } from './create-semantic-index';
import { scoreAtThreshold, suggestThreshold, type SemanticScore } from './score-semantic-evaluation';
import { SEMANTIC_CACHE_PAIRS, type LabelledPair } from './semantic-cache-pairs';

export interface SemanticEvaluationReport {
  provider: string;
  model: string;
  threshold: number;
  maxFalseHitRate: number;
  pairs: number;
  dimensions: number;
  score: SemanticScore;
  /** The lowest threshold whose false-hit rate is within the bound; absent when none is. */
  suggestedThreshold?: number;
  /** The layer may answer at `threshold` with this provider and model. */
  passed: boolean;
  /** Near misses served at `threshold`: each one a wrong answer a user would have been given. */
  falseHits: { id: string; first: string; second: string; similarity: number }[];
  /** Paraphrases not served at `threshold`. */
  missed: { id: string; first: string; second: string; similarity: number }[];
  similarities: SemanticEvaluationRow['similarities'];
  recordedAt: number;
}

/** Texts per embeddings call: small enough for every provider's batch limit (Gemini allows 100, OpenAI 2048). */
const BATCH = 32;

/**
 * Embeds both prompts of every labelled pair and scores the similarities at
 * the configured threshold. `embed` throws on any failure: an evaluation is
 * all or nothing.
 */
export async function evaluateSemanticCache(input: {
  settings: SemanticCacheConfig;
  embed: (texts: string[]) => Promise<number[][]>;
  pairs?: readonly LabelledPair[];
  now?: () => number;
}): Promise<SemanticEvaluationReport> {
  const { settings } = input;
  const pairs = input.pairs ?? SEMANTIC_CACHE_PAIRS;
  const texts = [...new Set(pairs.flatMap((pair) => [pair.first, pair.second]))];
  const vectors = new Map<string, Float32Array>();
  let dimensions = 0;
  for (let start = 0; start < texts.length; start += BATCH) {
    const batch = texts.slice(start, start + BATCH);
    const embedded = await input.embed(batch);
    batch.forEach((text, position) => {
      const unit = toUnitVector(embedded[position]!);
      if (!unit) throw new Error(`the embedding of "${text}" is a zero vector`);
      if (dimensions !== 0 && unit.length !== dimensions)
        throw new Error(`the embeddings have different lengths (${dimensions} and ${unit.length})`);
      dimensions = unit.length;
      vectors.set(text, unit);
    });
  }
  const similarities = pairs.map((pair) => ({
    id: pair.id,
    expected: pair.expected,
    similarity: round(cosineOfUnits(vectors.get(pair.first)!, vectors.get(pair.second)!)),
  }));
  const score = scoreAtThreshold(similarities, settings.threshold);
  const suggestedThreshold = suggestThreshold(similarities, settings.max_false_hit_rate);
  const listed = (wanted: (pair: LabelledPair, similarity: number) => boolean) =>
    pairs.flatMap((pair, position) => {
      const similarity = similarities[position]!.similarity;
      return wanted(pair, similarity)
        ? [{ id: pair.id, first: pair.first, second: pair.second, similarity }]
        : [];
    });
  return {
    provider: settings.provider,
    model: settings.model,
    threshold: settings.threshold,
    maxFalseHitRate: settings.max_false_hit_rate,
    pairs: pairs.length,
    dimensions,
    score,
    ...(suggestedThreshold !== undefined ? { suggestedThreshold } : {}),
    passed: score.falseHitRate <= settings.max_false_hit_rate,
    falseHits: listed((pair, similarity) => pair.expected === 'miss' && similarity >= settings.threshold),
    missed: listed((pair, similarity) => pair.expected === 'hit' && similarity < settings.threshold),
    similarities,
    recordedAt: (input.now ?? Date.now)(),
  };
}

/** Four decimals: what a report shows, and what the gate compares later. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
