import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as O200kModule from 'gpt-tokenizer/encoding/o200k_base';
import type { CanonicalRequest } from '../protocols/canonical/types';
import { collectTokenBlocks, type TokenBlock } from './collect-token-blocks';
import { createLruCache } from './create-lru-cache';

/*
 * Token counts are o200k_base counts of the request's content (see
 * collect-token-blocks.ts for what is counted): the sum over its pieces, with no
 * per-message framing tokens. Only OpenAI's models tokenize exactly like
 * this; for other providers (Claude's tokenizer usually yields more tokens
 * for the same text) it is an approximation, which is enough to compare with
 * a threshold the user picked and for a local count_tokens answer.
 *
 * Cheap bounds, measured on the client captures in fixtures/clients (o200k):
 * Claude Code, Codex, Gemini CLI and SDK requests run 3.3–4.8 UTF-8 bytes per
 * token (4.3 typical); source code ~4.2. Adversarial text: Chinese 3.8,
 * emoji 2.4, hex 1.56, base64 1.47, rare CJK 1.42, space-separated digits 1.0;
 * runs of spaces or dashes go far above 8. Bytes rather than characters,
 * because CJK is 0.5–1.5 characters per token but ≥ 1.4 bytes per token. So:
 * - tokens ≤ bytes / 1.25 (clearly below the threshold: skip counting), and
 * - tokens ≥ bytes / 8 (clearly above: skip counting);
 * only between the two does the tokenizer run. Only whole requests of
 * space-separated single digits or ASCII art could fall outside these bounds.
 */
const MIN_BYTES_PER_TOKEN = 1.25;
const MAX_BYTES_PER_TOKEN = 8;
const TYPICAL_BYTES_PER_TOKEN = 4.3;

/**
 * Blocks shorter than this are counted every time, which costs about what
 * hashing does (gpt-tokenizer manages ~15 MB/s once warm, SHA-1 ~1.5 GB/s
 * plus a microsecond of setup), and keeps the cache for blocks worth keeping.
 */
const MIN_CACHED_CHARACTERS = 16;

/** Text such as `<|endoftext|>` in a prompt is ordinary text here, not a special token (the default would throw). */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export interface TokenMeasure {
  /** Exact o200k count when `exact`, else the typical-ratio estimate. */
  count: number;
  exact: boolean;
}

export interface TokenCounterStats {
  /** Blocks whose count came from the cache. */
  hits: number;
  /** Blocks that went through the tokenizer and were cached. */
  misses: number;
  /** Blocks held by the cache now. */
  entries: number;
}

export interface TokenCounter {
  /** Exact o200k count of the request, memoised per block (system, message, tool). */
  count(request: CanonicalRequest): number;
  /** Compared to `threshold`: an estimate when it is clearly below or above, else the exact count. */
  measure(request: CanonicalRequest, threshold: number): TokenMeasure;
  stats(): TokenCounterStats;
  clear(): void;
}

type O200kEncoding = typeof O200kModule;

/*
 * The o200k tables cost ~65 MB of heap and ~150 ms to build, more than the
 * rest of the proxy put together, and most processes never need an exact
 * count (no route has a long_context_threshold, or the byte bounds decide).
 * So they load on first use, synchronously (counting is synchronous).
 */
let encoding: O200kEncoding | undefined;
let preloadScheduled = false;

function loadEncoding(): O200kEncoding {
  encoding ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as O200kEncoding;
  return encoding;
}

/** True once the tokenizer tables are in memory (for tests and diagnostics). */
export function isTokenizerLoaded(): boolean {
  return encoding !== undefined;
}

/**
 * Loads the tokenizer in the background (next turn of the event loop), so
 * the first request that needs an exact count does not pay for the load.
 * Called when a route with a long-context threshold is first used.
 */
export function preloadTokenizer(): void {
  if (encoding !== undefined || preloadScheduled) return;
  preloadScheduled = true;
  setImmediate(() => loadEncoding()).unref();
}

export function countTextTokens(text: string): number {
  return text === '' ? 0 : loadEncoding().countTokens(text, PLAIN_TEXT);
}

/** Exact count without a cache, for one-off answers such as Anthropic count_tokens and Gemini countTokens. */
export function countRequestTokens(request: CanonicalRequest): number {
  let total = 0;
  for (const block of collectTokenBlocks(request)) total += countBlock(block);
  return total;
}

/** Bounds and a typical estimate from UTF-8 size alone; no tokenizer. */
export function estimateRequestTokens(request: CanonicalRequest): {
  lower: number;
  estimate: number;
  upper: number;
} {
  return estimateBlocks(collectTokenBlocks(request));
}

export function createTokenCounter(options: { cacheSize?: number } = {}): TokenCounter {
  const cache = createLruCache<number>(options.cacheSize ?? 8_192);
  let hits = 0;
  let misses = 0;

  function countCached(block: TokenBlock): number {
    const key = cacheKey(block);
    const cached = key === undefined ? undefined : lookup(key);
    return cached ?? countAndStore(block, key);
  }

  function lookup(key: string): number | undefined {
    const cached = cache.get(key);
    if (cached !== undefined) hits += 1;
    return cached;
  }

  function countAndStore(block: TokenBlock, key: string | undefined): number {
    const count = countBlock(block);
    if (key !== undefined) {
      misses += 1;
      cache.set(key, count);
    }
    return count;
  }

  function countBlocks(blocks: TokenBlock[]): number {
    let total = 0;
    for (const block of blocks) total += countCached(block);
    return total;
  }

  return {
    count: (request) => countBlocks(collectTokenBlocks(request)),
    /*
     * First the whole request's byte bounds (no hashing, no tokenizer). In
     * the band between them, counts are additive: cached blocks are exact for
     * free and only new blocks need bounds, so a session that crossed the
     * threshold last turn costs no tokenizer time on its next one.
     */
    measure(request, threshold) {
      preloadTokenizer();
      const blocks = collectTokenBlocks(request);
      const whole = estimateBlocks(blocks);
      if (whole.lower > threshold || whole.upper <= threshold) return { count: whole.estimate, exact: false };

      let known = 0;
      const unknown: { block: TokenBlock; key: string | undefined }[] = [];
      for (const block of blocks) {
        const key = cacheKey(block);
        if (key === undefined) {
          known += countBlock(block);
          continue;
        }
        const cached = lookup(key);
        if (cached === undefined) unknown.push({ block, key });
        else known += cached;
      }
      const { lower, estimate, upper } = estimateBlocks(unknown.map((entry) => entry.block));
      if (known + lower > threshold || known + upper <= threshold) {
        return { count: known + estimate, exact: unknown.length === 0 };
      }
      let total = known;
      for (const { block, key } of unknown) total += countAndStore(block, key);
      return { count: total, exact: true };
    },
    stats: () => ({ hits, misses, entries: cache.size }),
    clear() {
      cache.clear();
      hits = 0;
      misses = 0;
    },
  };
}

let sharedCounter: TokenCounter | undefined;

/** One process-wide counter, so every route shares the memo of the same transcripts. */
export function getSharedTokenCounter(): TokenCounter {
  sharedCounter ??= createTokenCounter();
  return sharedCounter;
}

function countBlock(block: TokenBlock): number {
  let total = block.fixedTokens;
  for (const text of block.texts) total += countTextTokens(text);
  return total;
}

function estimateBlocks(blocks: TokenBlock[]): { lower: number; estimate: number; upper: number } {
  let bytes = 0;
  let fixed = 0;
  for (const block of blocks) {
    fixed += block.fixedTokens;
    for (const text of block.texts) bytes += Buffer.byteLength(text, 'utf8');
  }
  return {
    lower: Math.floor(bytes / MAX_BYTES_PER_TOKEN) + fixed,
    estimate: Math.round(bytes / TYPICAL_BYTES_PER_TOKEN) + fixed,
    upper: Math.ceil(bytes / MIN_BYTES_PER_TOKEN) + fixed,
  };
}

/** Blocks below MIN_CACHED_CHARACTERS get no key: they are counted every time. */
function cacheKey(block: TokenBlock): string | undefined {
  let length = 0;
  for (const text of block.texts) length += text.length;
  return length < MIN_CACHED_CHARACTERS ? undefined : hashBlock(block);
}

/** Length-prefixed so that ["ab", "c"] and ["a", "bc"] differ. SHA-1 runs natively at ~1.5 GB/s; collisions are not a concern here. */
function hashBlock(block: TokenBlock): string {
  const hash = createHash('sha1');
  for (const text of block.texts) {
    hash.update(`${text.length}:`);
    hash.update(text);
  }
  hash.update(`#${block.fixedTokens}`);
  return hash.digest('base64');
}
