import { z } from 'zod';
import { RE2JS } from 're2js';
import { compileCommandPattern } from '../governance/match-command-pattern';

/*
 * `guardrails:` — budgets, rate limits, lockout, a response cache and command interception. Every part is
 * off until configured; a config without the section behaves exactly as before.
 */

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const INTERCEPT_TARGETS = ['tool_call', 'user_message'] as const;
export const INTERCEPT_MATCHES = ['exact', 'prefix', 'contains', 'regex', 'command'] as const;
export const INTERCEPT_ACTIONS = ['block', 'warn', 'log'] as const;

export const interceptRuleSchema = z
  .looseObject({
    /** Shown in the block message, the trace and metrics; default `intercept[<index>]`. */
    name: z.string().trim().min(1).optional(),
    target: z.enum(INTERCEPT_TARGETS).default('tool_call'),
    /**
     * Tool names a `tool_call` rule reads (case-insensitive); default the shell
     * tools of the known agents (Bash, shell, exec_command, run_shell_command…).
     */
    tools: z.array(nonEmpty).optional(),
    match: z.enum(INTERCEPT_MATCHES).default('command'),
    /** One pattern or several (any of them matches). */
    pattern: z.union([nonEmpty, z.array(nonEmpty).min(1)]),
    action: z.enum(INTERCEPT_ACTIONS).default('block'),
    /** exact / prefix / contains / regex: compare without regard to case. */
    ignore_case: z.boolean().default(false),
    /** Said to the agent (and the user) when the rule blocks; default names the rule. */
    message: z.string().optional(),
  })
  .superRefine((rule, context) => {
    if (rule.match === 'command') {
      for (const pattern of [rule.pattern].flat()) {
        try {
          compileCommandPattern(pattern);
        } catch (error) {
          context.addIssue({ code: 'custom', path: ['pattern'], message: (error as Error).message });
        }
      }
      return;
    }
    if (rule.match !== 'regex') return;
    for (const pattern of [rule.pattern].flat()) {
      try {
        RE2JS.compile(pattern);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          path: ['pattern'],
          message: `is not a regular expression the linear-time engine accepts (no backreferences or lookaround): ${(error as Error).message}`,
        });
      }
    }
  });

export const BUDGET_WINDOWS = ['minute', 'hour', 'day', 'month', 'once'] as const;
export const BUDGET_LIMITS = [
  'requests',
  'tokens',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cost_usd',
] as const;

const limit = z.number().positive().optional();

export const budgetSchema = z
  .looseObject({
    /** Shown in the over-limit error, logs and metrics; default `<route label>/<window>`. */
    name: z.string().trim().min(1).optional(),
    /** A route key, or `*` for every request. */
    route: nonEmpty,
    /** Calendar windows in local time (a day budget resets at midnight); `once` never resets. */
    window: z.enum(BUDGET_WINDOWS),
    /**
     * Not a limit but a reserve: used only once a regular budget covering the
     * request is spent (the first top-up with room, in list order), and then
     * charged instead of it.
     */
    top_up: z.boolean().default(false),
    requests: limit,
    /** Input + output tokens. */
    tokens: limit,
    input_tokens: limit,
    output_tokens: limit,
    cache_read_tokens: limit,
    cache_write_tokens: limit,
    cost_usd: limit,
    /** Share of a limit at which requests pass but are flagged (trace, log, metric). */
    warn_at: z.number().gt(0).max(1).default(0.8),
  })
  .refine((budget) => BUDGET_LIMITS.some((name) => budget[name] !== undefined), {
    message: `needs at least one limit: ${BUDGET_LIMITS.join(', ')}`,
  });

export const rateLimitSchema = z
  .looseObject({
    /** Shown in the 429, logs and metrics; default `route <label>`, `all routes` or `provider <id>`. */
    name: z.string().trim().min(1).optional(),
    /** A route key, or `*` for all requests together. */
    route: nonEmpty.optional(),
    /** A provider id: caps what AI Switch sends it, so its own 429s are not tripped. */
    provider: nonEmpty.optional(),
    /** Requests per minute (bursts up to this many, then evenly over the minute). */
    rpm: z.number().int().positive().optional(),
    /** Requests running at once (a stream counts until it ends). */
    concurrent: z.number().int().positive().optional(),
    /** Longest wait for room before the 429; 0 refuses at once. */
    queue_s: z.number().nonnegative().default(30),
    /** Most requests waiting; more are refused at once. */
    queue_max: z.number().int().positive().default(100),
  })
  .refine((limit) => (limit.route === undefined) !== (limit.provider === undefined), {
    message: 'needs exactly one of route (a route key or "*") or provider (a provider id)',
  })
  .refine((limit) => limit.rpm !== undefined || limit.concurrent !== undefined, {
    message: 'needs rpm, concurrent, or both',
  });

export const lockoutSchema = z.looseObject({
  /** Failed attempts (wrong route key, admin token or login code) from one address before it is blocked. */
  max_failures: z.number().int().positive().default(10),
  /** Failures older than this are forgotten. */
  window_s: z.number().positive().default(60),
  /** First block; each block after another failure doubles it, up to a day. */
  block_s: z.number().positive().default(300),
});

export const CACHE_MODES = ['off', 'exact', 'semantic'] as const;

export const semanticCacheSchema = z.looseObject({
  /** A provider id from `providers:` whose embeddings endpoint embeds the prompts (chat/responses or gemini format). */
  provider: nonEmpty,
  /** The embedding model, e.g. `text-embedding-3-small`, `gemini-embedding-001`, `nomic-embed-text`. */
  model: nonEmpty,
  /** Cosine similarity at or above which a cached answer is served for a different wording. */
  threshold: z.number().gt(0).max(1).default(0.95),
  /** The embedding call's time limit; past it the request is a miss and goes to the provider. */
  timeout_ms: z.number().int().positive().max(30_000).default(1_500),
  /** Route keys whose every cacheable request is opted in (otherwise a request opts in with `X-AIS-Cache: semantic`). */
  routes: z.array(nonEmpty).default([]),
  /** The vector index in memory (and the rows kept on disk with it); least recently used out first. */
  memory_mb: z.number().positive().default(64),
  /** Stays off unless the recorded evaluation's false-hit rate at `threshold` is at most this. */
  max_false_hit_rate: z.number().min(0).max(0.2).default(0),
});

export const cacheSchema = z
  .looseObject({
    /**
     * `exact`: identical requests (same route, upstream model and canonical body) are answered from the cache.
     * `semantic`: exact, plus opted-in requests whose latest user text means the same (see `semantic`).
     */
    mode: z.enum(CACHE_MODES, { error: 'must be off, exact or semantic' }).default('off'),
    /** The semantic layer: required with `mode: semantic`, ignored otherwise. */
    semantic: semanticCacheSchema.optional(),
    /** The in-memory layer (least recently used out first). */
    memory_mb: z.number().positive().default(64),
    /** The SQLite layer behind it; 0 keeps the cache in memory only. */
    disk_mb: z.number().nonnegative().default(512),
    /** Entries older than this are not served. */
    ttl_h: z.number().positive().default(24),
    /** Which requests count as deterministic: temperature 0 only, or also those that set none. */
    temperature: z.enum(['zero', 'zero_or_unset']).default('zero'),
    /** Cache requests that declare tools too (an agent replaying a cached tool call runs it again). */
    with_tools: z.boolean().default(false),
    /** Route keys never cached. */
    skip_routes: z.array(nonEmpty).default([]),
  })
  .refine((cache) => cache.mode !== 'semantic' || cache.semantic !== undefined, {
    path: ['semantic'],
    message:
      'mode semantic needs semantic: { provider: <provider id>, model: <embedding model> } (then run `ais cache evaluate`)',
  })
  .prefault({});

export const guardrailsSchema = z
  .looseObject({
    /** Checked in order; the strongest action of all matching rules wins (block > warn > log). */
    intercept: z.array(interceptRuleSchema).default([]),
    /** Prepend the built-in rules: destructive commands, secret exfiltration, force pushes. */
    starter_rules: z.boolean().default(false),
    /** Every budget whose route is the request's key or `*` must have room; see README. */
    budgets: z.array(budgetSchema).default([]),
    /** A reservation not settled within this long (its process died) stops counting. */
    reservation_ttl_s: z.number().int().positive().default(3600),
    /** Requests per minute and at once, per route key or provider, with a bounded wait. */
    rate_limits: z.array(rateLimitSchema).default([]),
    /** Slow down, then block, an address that keeps failing to authenticate. Off when absent. */
    lockout: lockoutSchema.optional(),
    /** Answer repeated deterministic requests from a cache instead of the provider. */
    cache: cacheSchema,
    /** Audit log rows older than this many days are deleted (with the traces, every 6 hours); 0 keeps them all. */
    audit_retention_days: z.number().int().nonnegative().default(365),
  })
  .prefault({});

export type GuardrailsConfig = z.infer<typeof guardrailsSchema>;
export type InterceptRuleConfig = z.infer<typeof interceptRuleSchema>;
export type BudgetConfig = z.infer<typeof budgetSchema>;
export type BudgetWindow = (typeof BUDGET_WINDOWS)[number];
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;
export type LockoutConfig = z.infer<typeof lockoutSchema>;
export type CacheConfig = z.infer<typeof cacheSchema>;
export type SemanticCacheConfig = z.infer<typeof semanticCacheSchema>;
