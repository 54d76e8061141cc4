import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CacheConfig, SemanticCacheConfig } from '../config/guardrails-schema';
import type { AppConfig, ProviderConfig } from '../config/schema';
import type { CanonicalRequest } from '../protocols/canonical';
import type { SemanticCacheTable } from '../store';
import type { UpstreamClient } from '../upstream';
import type { CacheHit, ResponseCache } from './create-response-cache';
import { createSemanticIndex, toUnitVector } from './create-semantic-index';
import { EmbeddingError, embeddingUrlOf, fetchEmbeddings, type EmbeddingFailure } from './fetch-embeddings';
import { evaluateSemanticCache, type SemanticEvaluationReport } from './evaluate-semantic-cache';
import { scoreAtThreshold } from './score-semantic-evaluation';
import { SEMANTIC_CACHE_PAIRS } from './semantic-cache-pairs';

/** The request header that opts one request in (`X-AIS-Cache: semantic`). */
export const SEMANTIC_OPT_IN_HEADER = 'x-ais-cache';

/** Longer latest user texts are not compared: they rarely recur in other words and overrun embedding inputs. */
export const MAX_COMPARED_CHARS = 8_000;

/** The labelled set's identity: an evaluation of another version of it does not count. */
export const TEST_SET_HASH = createHash('sha256')
  .update(JSON.stringify(SEMANTIC_CACHE_PAIRS))
  .digest('hex')
  .slice(0, 16);

/** An opted-in request the semantic layer may answer: what it compares and what must match exactly. */
export interface SemanticCandidate {
  /** Hash of the embedder and of the request less its latest user text: only equal scopes are compared. */
  scope: string;
  /** The latest user message's text parts, joined by newlines: the only part compared by meaning. */
  text: string;
  settings: SemanticCacheConfig;
  /** The embedding provider as configured when the request arrived. */
  provider: ProviderConfig;
}

export interface SemanticLookup {
  hit?: CacheHit;
  /** The latest user text's vector (undefined when the embedding failed): stored with the answer, never fetched twice. */
  embedding: Promise<Float32Array | undefined>;
}

export type SemanticState = 'off' | 'active' | 'not_evaluated' | 'failed_evaluation' | 'unusable';

export interface SemanticStatus {
  state: SemanticState;
  /** What it means and, when the layer is held off, what to do. */
  message: string;
  entries: number;
  evaluatedAt?: number;
}

export interface SemanticCache {
  /** The request's candidate when the layer is on and the request opted in; undefined otherwise. */
  candidateOf(input: {
    config: AppConfig;
    request: CanonicalRequest;
    routeKey: string;
    providerId: string;
    model: string;
    headers: IncomingHttpHeaders;
  }): SemanticCandidate | undefined;
  /** Never rejects: an embedding failure or timeout is a miss. */
  lookup(candidate: SemanticCandidate, cacheSettings: CacheConfig): Promise<SemanticLookup>;
  /** Indexes the answer just stored under `key` with the vector the lookup computed. */
  store(
    candidate: SemanticCandidate,
    embedding: SemanticLookup['embedding'],
    key: string,
    cacheSettings: CacheConfig,
  ): void;
  status(config: AppConfig): SemanticStatus;
  /** Embeds the labelled pairs with the configured provider and model and records the outcome. */
  evaluate(config: AppConfig): Promise<SemanticEvaluationReport>;
}

/** A setup problem the user must fix (no `semantic:` block, an unknown provider…); the API answers it as a 400. */
export class SemanticSetupError extends Error {
  override name = 'SemanticSetupError';
}

const ERROR_LOG_EVERY_MS = 60_000;

/** The vectors' owner: the same provider id, endpoint and model, or the vectors are not comparable. */
function embedderOf(settings: SemanticCacheConfig, provider: ProviderConfig): string {
  return `${settings.provider} ${provider.base_url} ${settings.model}`;
}

/**
 * The semantic layer behind the exact cache: for opted-in requests that
 * missed the exact cache, the latest user text is embedded and compared with
 * cached requests that match in everything else (route, upstream provider and
 * model, system, tools, earlier turns, parameters). At `threshold` or above,
 * the cached answer is replayed. It answers nothing until an evaluation of the
 * labelled pairs with the same provider and model, recorded in the store,
 * shows at most `max_false_hit_rate` near misses served at that threshold.
 */
export function createSemanticCache(options: {
  responseCache: ResponseCache;
  table: () => SemanticCacheTable;
  upstream: () => UpstreamClient;
  logger: Logger;
  registry: Registry;
}): SemanticCache {
  const { logger } = options;
  const registers = [options.registry];
  let loadedFor: string | undefined;
  let currentMaxBytes = 0;
  const index = createSemanticIndex({ maxBytes: () => currentMaxBytes });

  const misses = new Counter({
    name: 'ais_cache_semantic_misses_total',
    help: 'Opted-in requests the semantic layer did not answer, by reason (empty: nothing cached to compare with; below_threshold; gone: the answer had left the cache; error: no embedding).',
    labelNames: ['reason'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'ais_cache_semantic_errors_total',
    help: 'Embedding calls of the semantic cache that failed (the request went on as a miss), by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  const embedSeconds = new Histogram({
    name: 'ais_cache_semantic_embed_seconds',
    help: 'Time of the semantic cache embedding calls that succeeded.',
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  new Gauge({
    name: 'ais_cache_semantic_entries',
    help: 'Prompt vectors in the semantic cache index (memory; the disk holds the same).',
    registers,
    collect() {
      this.set(index.size);
    },
  });
  new Gauge({
    name: 'ais_cache_semantic_bytes',
    help: 'Bytes held by the semantic cache index in memory.',
    registers,
    collect() {
      this.set(index.bytes);
    },
  });

  let lastErrorLog = -Infinity;
  let suppressedErrors = 0;
  const noteError = (reason: EmbeddingFailure, message: string): void => {
    errors.inc({ reason });
    misses.inc({ reason: 'error' });
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_EVERY_MS) {
      suppressedErrors++;
      return;
    }
    logger.warn(
      { reason, suppressed: suppressedErrors },
      `semantic cache: embedding failed, requests go on as misses: ${message}` +
        (suppressedErrors > 0 ? ` (${suppressedErrors} more failures in the last minute)` : ''),
    );
    lastErrorLog = now;
    suppressedErrors = 0;
  };

  // The gate, worked out once per config and evaluation (not per request), and logged when it changes.
  let evaluations = 0;
  let gate: { config: AppConfig; evaluations: number; status: Omit<SemanticStatus, 'entries'> } | undefined;
  let loggedGate: string | undefined;
  const gateOf = (config: AppConfig): Omit<SemanticStatus, 'entries'> => {
    if (gate?.config === config && gate.evaluations === evaluations) return gate.status;
    const status = decideGate(config, options.table);
    gate = { config, evaluations, status };
    if (status.message !== loggedGate && config.guardrails.cache.mode === 'semantic') {
      loggedGate = status.message;
      logger[status.state === 'active' ? 'info' : 'warn'](`semantic cache: ${status.message}`);
    }
    return status;
  };

  /** The index holds this embedder's vectors (read from disk on first use after a start or a model change). */
  const ensureLoaded = (embedder: string, settings: SemanticCacheConfig): void => {
    currentMaxBytes = settings.memory_mb * 2 ** 20;
    if (loadedFor === embedder) return;
    index.clear();
    loadedFor = embedder;
    const now = Date.now();
    try {
      const table = options.table();
      table.sweep(embedder, now);
      // Newest first from disk, added oldest first so the newest are the most recently used.
      const rows = table.load(embedder, now, Math.ceil(currentMaxBytes / 1024));
      const evicted: string[] = [];
      for (const row of rows.reverse()) evicted.push(...index.add(row));
      table.remove(evicted);
    } catch (error) {
      logger.warn({ err: error }, 'semantic cache: could not read its vectors from disk; starting empty');
    }
  };

  const embedOne = async (
    provider: ProviderConfig,
    settings: SemanticCacheConfig,
    text: string,
  ): Promise<Float32Array | undefined> => {
    const started = performance.now();
    try {
      const [values] = await fetchEmbeddings({
        provider,
        model: settings.model,
        texts: [text],
        upstream: options.upstream(),
        timeoutMs: settings.timeout_ms,
      });
      const vector = values ? toUnitVector(values) : undefined;
      if (!vector) {
        noteError('invalid', 'the embeddings endpoint answered a zero vector');
        return undefined;
      }
      embedSeconds.observe((performance.now() - started) / 1000);
      return vector;
    } catch (error) {
      const reason = error instanceof EmbeddingError ? error.reason : 'network';
      noteError(reason, (error as Error).message);
      return undefined;
    }
  };

  return {
    candidateOf({ config, request, routeKey, providerId, model, headers }) {
      const cache = config.guardrails.cache;
      const settings = cache.semantic;
      if (cache.mode !== 'semantic' || !settings) return undefined;
      const header = headers[SEMANTIC_OPT_IN_HEADER];
      const optedIn =
        settings.routes.includes(routeKey) ||
        [header].flat().some((value) => value?.trim().toLowerCase() === 'semantic');
      if (!optedIn) return undefined;
      if (gateOf(config).state !== 'active') return undefined;
      const last = request.messages.at(-1);
      // Only a fresh prompt is compared: a tool result, an image or a file would not be in the text.
      if (last?.role !== 'user' || last.content.length === 0) return undefined;
      if (!last.content.every((part) => part.type === 'text')) return undefined;
      const text = last.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
      if (text.trim() === '' || text.length > MAX_COMPARED_CHARS) return undefined;
      // Everything but the latest text, under the exact cache's own rules (determinism, tools, no-cache…).
      const rest: CanonicalRequest = {
        ...request,
        messages: [...request.messages.slice(0, -1), { ...last, content: [{ type: 'text', text: '' }] }],
      };
      const restKey = options.responseCache.keyOf({
        settings: cache,
        request: rest,
        routeKey,
        providerId,
        model,
        headers,
      });
      if (restKey === undefined) return undefined;
      // The gate found it (state active).
      const provider = config.providers[settings.provider]!;
      const scope = createHash('sha256')
        .update(`${embedderOf(settings, provider)}\u0000${restKey}`)
        .digest('hex');
      return { scope, text, settings, provider };
    },
    async lookup(candidate, cacheSettings) {
      const { settings, provider } = candidate;
      const embedder = embedderOf(settings, provider);
      ensureLoaded(embedder, settings);
      const embedding = embedOne(provider, settings, candidate.text);
      // Nothing to compare with: the vector is only needed to store the answer, so the request does not wait for it.
      if (!index.has(candidate.scope)) {
        misses.inc({ reason: 'empty' });
        return { embedding };
      }
      const vector = await embedding;
      if (!vector) return { embedding };
      const match = index.nearest(candidate.scope, vector, Date.now());
      if (!match || match.similarity < settings.threshold) {
        misses.inc({ reason: 'below_threshold' });
        return { embedding };
      }
      const found = options.responseCache.lookup(match.key, cacheSettings, 'semantic');
      if (!found) {
        // The exact layer let the answer go (size, age): so does the index.
        index.remove(match.key);
        safely(() => options.table().remove([match.key]));
        misses.inc({ reason: 'gone' });
        return { embedding };
      }
      index.touch(match.key);
      safely(() => options.table().touch(match.key, Date.now()));
      return {
        hit: { ...found, layer: 'semantic', similarity: match.similarity, threshold: settings.threshold },
        embedding,
      };
    },
    store(candidate, embedding, key, cacheSettings) {
      const { settings, provider } = candidate;
      void embedding.then((vector) => {
        if (!vector) return;
        const embedder = embedderOf(settings, provider);
        // A reload switched models while the request ran: this vector belongs to no index now.
        if (loadedFor !== embedder) return;
        const now = Date.now();
        const row = { key, scope: candidate.scope, vector, expiresAt: now + cacheSettings.ttl_h * 3_600_000 };
        const evicted = index.add(row);
        safely(() => {
          const table = options.table();
          table.put(embedder, row, now);
          table.remove(evicted);
        });
      });
    },
    status(config) {
      const status = gateOf(config);
      return { ...status, entries: status.state === 'active' ? index.size : 0 };
    },
    async evaluate(config) {
      const settings = config.guardrails.cache.semantic;
      if (!settings)
        throw new SemanticSetupError(
          'there is no guardrails.cache.semantic in the config: add semantic: { provider: <provider id>, model: <embedding model> } first',
        );
      const provider = config.providers[settings.provider];
      if (!provider)
        throw new SemanticSetupError(
          `guardrails.cache.semantic.provider "${settings.provider}" is not one of the providers`,
        );
      try {
        embeddingUrlOf(provider, settings.model);
      } catch (error) {
        throw new SemanticSetupError(`provider "${settings.provider}": ${(error as Error).message}`);
      }
      const report = await evaluateSemanticCache({
        settings,
        embed: (texts) =>
          fetchEmbeddings({
            provider,
            model: settings.model,
            texts,
            upstream: options.upstream(),
            timeoutMs: Math.max(settings.timeout_ms, 30_000),
          }),
      });
      options.table().recordEvaluation(embedderOf(settings, provider), TEST_SET_HASH, {
        at: report.recordedAt,
        similarities: report.similarities,
      });
      evaluations++;
      const mode = config.guardrails.cache.mode;
      logger.info(
        {
          precision: report.score.precision,
          recall: report.score.recall,
          falseHitRate: report.score.falseHitRate,
        },
        `semantic cache evaluated with ${settings.provider}/${settings.model} at threshold ${settings.threshold}: ` +
          (report.passed ? (mode === 'semantic' ? 'it is on' : 'it may be switched on') : 'it stays off'),
      );
      return report;
    },
  };

  function safely(write: () => void): void {
    try {
      write();
    } catch (error) {
      logger.warn({ err: error }, 'semantic cache: could not update its vectors on disk');
    }
  }
}

/** Whether the layer may answer under this config, and why not. */
function decideGate(config: AppConfig, table: () => SemanticCacheTable): Omit<SemanticStatus, 'entries'> {
  const cache = config.guardrails.cache;
  const settings = cache.semantic;
  if (cache.mode !== 'semantic' || !settings)
    return { state: 'off', message: 'off (guardrails.cache.mode is not semantic)' };
  const provider = config.providers[settings.provider];
  if (!provider)
    return {
      state: 'unusable',
      message: `held off: semantic.provider "${settings.provider}" is not one of the providers`,
    };
  try {
    embeddingUrlOf(provider, settings.model);
  } catch (error) {
    return {
      state: 'unusable',
      message: `held off: provider "${settings.provider}": ${(error as Error).message}`,
    };
  }
  let evaluation;
  try {
    evaluation = table().latestEvaluation(embedderOf(settings, provider), TEST_SET_HASH);
  } catch {
    evaluation = undefined;
  }
  const who = `${settings.provider}/${settings.model}`;
  if (!evaluation)
    return {
      state: 'not_evaluated',
      message:
        `held off until evaluated: no evaluation of ${who} on this build's labelled pairs is recorded. ` +
        "Run `ais cache evaluate` (or the dashboard's evaluate) while AI Switch runs; exact caching works meanwhile.",
    };
  const score = scoreAtThreshold(evaluation.similarities, settings.threshold);
  const rate = (value: number): string => `${(value * 100).toFixed(1)}%`;
  if (score.falseHitRate > settings.max_false_hit_rate)
    return {
      state: 'failed_evaluation',
      evaluatedAt: evaluation.at,
      message:
        `held off: at threshold ${settings.threshold} the evaluation of ${who} served ${score.falseHits} of ` +
        `${score.shouldMiss} near misses (${rate(score.falseHitRate)} > max_false_hit_rate ` +
        `${rate(settings.max_false_hit_rate)}). Raise semantic.threshold (\`ais cache evaluate\` suggests one) or use another embedding model.`,
    };
  return {
    state: 'active',
    evaluatedAt: evaluation.at,
    message:
      `on with ${who} at threshold ${settings.threshold}: on the labelled pairs it served ${score.hits} of ` +
      `${score.shouldHit} paraphrases and ${score.falseHits} of ${score.shouldMiss} near misses`,
  };
}
