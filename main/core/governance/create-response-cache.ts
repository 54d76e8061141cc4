import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheConfig } from '../config/guardrails-schema';
import type {
  CanonicalRequest,
  CanonicalResponse,
  ProtocolName,
  TargetContext,
} from '../protocols/canonical';
import { codecFor } from '../protocols/registry';
import type { ResponseCacheTable } from '../store';

export interface CacheHit {
  response: CanonicalResponse;
  /** `semantic`: the answer of a request that differed only in the wording of its latest user text. */
  layer: 'memory' | 'disk' | 'semantic';
  /** Semantic hits: the cosine similarity of the two latest user texts, and the threshold it met. */
  similarity?: number;
  threshold?: number;
}

/**
 * A passthrough JSON answer as the provider sent it, and what decodes it (the protocol and the target
 * context it was decoded with when it was live).
 */
export interface RawAnswer {
  text: string;
  protocol: ProtocolName;
  target: TargetContext;
}

/** What is stored for a request: the canonical answer, and the provider's own text when there is one. */
export interface CacheableAnswer {
  response: CanonicalResponse;
  raw?: RawAnswer;
}

export interface ResponseCache {
  /** The request's cache key when it may be cached (or answered from the cache); undefined otherwise. */
  keyOf(input: {
    settings: CacheConfig;
    request: CanonicalRequest;
    routeKey: string;
    providerId: string;
    model: string;
    headers: IncomingHttpHeaders;
  }): string | undefined;
  /** `via: 'semantic'`: the semantic layer found the key; the hit is counted as its, a miss not at all. */
  lookup(key: string, settings: CacheConfig, via?: 'semantic'): CacheHit | undefined;
  store(key: string, answer: CacheableAnswer, settings: CacheConfig): void;
}

interface MemoryEntry {
  body: string;
  bytes: number;
  expiresAt: number;
}

/**
 * The exact response cache: a memory LRU bounded by bytes in front of the
 * SQLite table bounded by size and age. Keys hash the canonical request
 * (less what varies between identical asks: stream, metadata), the route
 * key and the upstream provider and model.
 */
export function createResponseCache(options: {
  table: () => ResponseCacheTable;
  logger: Logger;
  registry: Registry;
}): ResponseCache {
  const memory = new Map<string, MemoryEntry>();
  let memoryBytes = 0;
  const registers = [options.registry];
  const hits = new Counter({
    name: 'ais_cache_hits_total',
    help: 'Requests answered from the response cache, by layer (memory, disk, semantic).',
    labelNames: ['layer'] as const,
    registers,
  });
  const misses = new Counter({
    name: 'ais_cache_misses_total',
    help: 'Cacheable requests the response cache could not answer.',
    registers,
  });
  const stores = new Counter({
    name: 'ais_cache_stores_total',
    help: 'Responses written to the response cache.',
    registers,
  });
  const saved = new Counter({
    name: 'ais_cache_tokens_saved_total',
    help: 'Tokens not spent thanks to cache hits, by type (input, output).',
    labelNames: ['type'] as const,
    registers,
  });
  new Gauge({
    name: 'ais_cache_bytes',
    help: 'Bytes held by the response cache, by layer (disk bytes are compressed).',
    labelNames: ['layer'] as const,
    registers,
    collect() {
      this.set({ layer: 'memory' }, memoryBytes);
      try {
        this.set({ layer: 'disk' }, options.table().bytesOnDisk());
      } catch {
        // The store is closed (shutdown): the disk figure is simply not reported.
      }
    },
  });

  const remember = (key: string, body: string, expiresAt: number, settings: CacheConfig): void => {
    const previous = memory.get(key);
    if (previous) {
      memory.delete(key);
      memoryBytes -= previous.bytes;
    }
    const bytes = Buffer.byteLength(body) + key.length;
    const budget = settings.memory_mb * 2 ** 20;
    if (bytes > budget) return;
    memory.set(key, { body, bytes, expiresAt });
    memoryBytes += bytes;
    for (const [oldKey, entry] of memory) {
      if (memoryBytes <= budget) break;
      memory.delete(oldKey);
      memoryBytes -= entry.bytes;
    }
  };

  const parse = (body: string): CanonicalResponse | undefined => {
    try {
      if (!body.startsWith(RAW_MARK)) return JSON.parse(body) as CanonicalResponse;
      const headerEnd = body.indexOf('\n');
      const { protocol, target } = JSON.parse(body.slice(RAW_MARK.length, headerEnd)) as Omit<
        RawAnswer,
        'text'
      >;
      return codecFor(protocol).decodeResponse({ body: JSON.parse(body.slice(headerEnd + 1)), target }).value;
    } catch {
      return undefined;
    }
  };

  return {
    keyOf({ settings, request, routeKey, providerId, model, headers }) {
      // The semantic mode keeps the exact layer in front of it.
      if (settings.mode === 'off') return undefined;
      if (settings.skip_routes.includes(routeKey)) return undefined;
      const cacheControl = String(headers['cache-control'] ?? '').toLowerCase();
      if (cacheControl.includes('no-cache') || cacheControl.includes('no-store')) return undefined;
      const deterministic =
        request.temperature === 0 ||
        (request.temperature === undefined && settings.temperature === 'zero_or_unset');
      if (!deterministic) return undefined;
      if (request.tools.length > 0 && !settings.with_tools) return undefined;
      // A stateful Responses turn depends on what the provider stored, not only on the body.
      if (request.previousResponseId !== undefined) return undefined;
      const {
        stream: _stream,
        metadata: _metadata,
        promptCacheKey: _promptCacheKey,
        extra,
        ...asked
      } = request;
      // How to stream (`stream_options`) is not what was asked.
      const { stream_options: _streamOptions, ...extraFields } = extra?.fields ?? {};
      // One-shot `hash`: half the cost of a Hash object for a key this size.
      return hash(
        'sha256',
        JSON.stringify({ routeKey, providerId, model, asked, extra: extraFields }),
        'hex',
      );
    },
    lookup(key, settings, via) {
      const now = Date.now();
      let layer: CacheHit['layer'] = 'memory';
      let body: string | undefined;
      const entry = memory.get(key);
      if (entry && entry.expiresAt > now) {
        memory.delete(key);
        memory.set(key, entry);
        body = entry.body;
      } else if (settings.disk_mb > 0) {
        body = options.table().get(key, now);
        layer = 'disk';
        if (body !== undefined) remember(key, body, now + settings.ttl_h * 3_600_000, settings);
      }
      const response = body === undefined ? undefined : parse(body);
      if (!response) {
        if (via === undefined) misses.inc();
        return undefined;
      }
      hits.inc({ layer: via ?? layer });
      saved.inc({ type: 'input' }, response.usage.inputTokens);
      saved.inc({ type: 'output' }, response.usage.outputTokens);
      return { response, layer };
    },
    store(key, answer, settings) {
      const now = Date.now();
      const expiresAt = now + settings.ttl_h * 3_600_000;
      const body = entryOf(answer);
      remember(key, body, expiresAt, settings);
      if (settings.disk_mb > 0) {
        try {
          options.table().put({ key, body, now, expiresAt, maxBytes: settings.disk_mb * 2 ** 20 });
        } catch (error) {
          options.logger.warn({ err: error }, 'could not write the response cache to disk');
        }
      }
      stores.inc();
    },
  };
}

/**
 * Marks an entry that holds a provider's own answer: the mark, its decoding context as JSON, a newline,
 * then the text as it came. A canonical entry is its JSON (it starts with `{`).
 */
const RAW_MARK = 'raw:';

/**
 * A passthrough answer is kept as the provider's text, so a miss costs a concatenation rather than a
 * JSON.stringify of the decoded answer (~5 µs for a 2 KB answer full of escapes); a hit decodes it as
 * the live answer was decoded.
 */
function entryOf({ response, raw }: CacheableAnswer): string {
  if (!raw) return JSON.stringify(response);
  const { providerId, baseUrl, model, thinkTag } = raw.target;
  const target: TargetContext = {
    providerId,
    baseUrl: originOf(baseUrl),
    model,
    ...(thinkTag ? { thinkTag } : {}),
  };
  return `${RAW_MARK}${JSON.stringify({ protocol: raw.protocol, target })}\n${raw.text}`;
}

/** Base URL → its origin, by base URL (a config holds a few). */
const origins = new Map<string, string>();

/**
 * What of a base URL goes to disk: its origin (what a codec tells vendors apart by), never a path,
 * query or user info, which some setups use to carry a key.
 */
function originOf(baseUrl: string): string {
  let origin = origins.get(baseUrl);
  if (origin === undefined) {
    try {
      origin = new URL(baseUrl).origin;
    } catch {
      origin = '';
    }
    if (origins.size >= 256) origins.clear();
    origins.set(baseUrl, origin);
  }
  return origin;
}
