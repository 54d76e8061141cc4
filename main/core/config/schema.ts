import { z } from 'zod';
import { guardrailsSchema } from './guardrails-schema';
import { isIpOrCidr } from './is-ip-or-cidr';

/*
 * The config file schema. Compatible with the existing ai-switch YAML: snake_case
 * keys, `scene_map` keys in camelCase (`longContext`) exactly as users write them.
 * Objects are loose: an unknown field is reported as a warning by the checker,
 * never a crash, and survives a save.
 */

export const PROVIDER_FORMATS = ['chat', 'responses', 'anthropic', 'gemini'] as const;
export type ProviderFormatName = (typeof PROVIDER_FORMATS)[number];

export const SCENES = ['default', 'think', 'websearch', 'background', 'longContext', 'image'] as const;
export type Scene = (typeof SCENES)[number];

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const ipOrCidr = nonEmpty.refine(
  isIpOrCidr,
  'must be an IP address or a CIDR such as 192.168.1.0/24 or fd00::/64',
);

/** `model` or `provider|model`. */
const modelRef = nonEmpty;

export const serverSchema = z
  .looseObject({
    host: nonEmpty.default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(12345),
    /** IPs and CIDRs allowed to call the proxy when it listens beyond loopback. */
    allowed_ips: z.array(ipOrCidr).default([]),
    /** Senders whose X-Forwarded-For is believed. */
    trusted_proxies: z.array(ipOrCidr).default([]),
    /** Outbound proxy for providers with `enable_proxy`: http://, https:// or socks5://. */
    proxy_url: z
      .string()
      .trim()
      .regex(/^(https?|socks5h?):\/\/.+/i, 'must be an http://, https:// or socks5:// URL')
      .optional(),
    /**
     * Request bodies of 1 MB and more wait their turn when those in flight
     * already hold `budget_mb` (default: an eighth of the heap limit), and are
     * refused with a 503 after `wait_s`; a lone large body always goes through.
     */
    large_bodies: z
      .looseObject({
        budget_mb: z.number().positive().optional(),
        wait_s: z.number().positive().default(60),
      })
      .prefault({}),
  })
  .prefault({});

export const providerSchema = z.looseObject({
  name: z.string().optional(),
  base_url: z.url({ message: 'must be a URL such as https://api.deepseek.com' }),
  /** Path appended to base_url; defaults per format (chat: /chat/completions; see resolve-upstream-url.ts). */
  path: z.string().optional(),
  api_key: z.string().optional(),
  fallback_keys: z.array(nonEmpty).default([]),
  format: z.enum(PROVIDER_FORMATS).default('chat'),
  /** Tag name whose contents are reasoning, e.g. `think` for <think>…</think>. */
  think_tag: z.string().optional(),
  models: z.array(nonEmpty).default([]),
  enable_proxy: z.boolean().default(false),
  custom_headers: z.record(z.string(), z.string()).default({}),
  /** From the original ai-switch (dashboard logo); kept so its files load unchanged. */
  logo_url: z.string().optional(),
  /** From the original ai-switch's provider presets; informational only. */
  sponsor: z.boolean().optional(),
  connect_timeout_ms: z.number().int().positive().optional(),
  first_byte_timeout_ms: z.number().int().positive().optional(),
  idle_timeout_ms: z.number().int().positive().optional(),
  /**
   * The most output tokens the provider accepts: one number for all its models,
   * or per model. Larger client requests (Claude Code asks for 64000) are lowered.
   */
  max_output_tokens: z
    .union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())], {
      error: 'must be a whole number, or a map of model name → whole number',
    })
    .optional(),
});

const sceneMapSchema = z.looseObject({
  default: modelRef.optional(),
  think: modelRef.optional(),
  websearch: modelRef.optional(),
  background: modelRef.optional(),
  longContext: modelRef.optional(),
  image: modelRef.optional(),
});

export const routeSchema = z.looseObject({
  provider: nonEmpty,
  default_model: modelRef.optional(),
  disabled: z.boolean().default(false),
  /** Requests over this many tokens use `scene_map.longContext`. */
  long_context_threshold: z.number().int().positive().optional(),
  scene_map: sceneMapSchema.default({}),
  /** client model name (case-insensitive) → upstream model or provider|model. */
  model_map: z.record(z.string(), modelRef).default({}),
  /** Tried in order when the route's provider fails before the first byte. */
  fallback: z.array(modelRef).default([]),
  /** Display label for traces (the route key itself is a secret). */
  label: z.string().optional(),
});

export const recordingSchema = z
  .looseObject({
    /*
     * Bodies of failed requests only, by default: coding agents send 100-300 KB
     * per turn, and keeping every body for 30 days would grow the database by
     * gigabytes a month. Traces, timings and usage are recorded either way.
     */
    capture: z.enum(['all', 'errors', 'off']).default('errors'),
    body_cap_kb: z.number().int().positive().default(256),
  })
  .prefault({});

export const priceSchema = z.looseObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cache_read: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
});

export const configSchema = z.looseObject({
  server: serverSchema,
  log_retention_days: z.number().int().positive().default(30),
  /**
   * From the original ai-switch: `false` turned off request/response logging.
   * Accepted so its files load unchanged; `recording.capture` is the knob here.
   */
  llm_log_enabled: z.boolean().optional(),
  default_route: z.string().optional(),
  default_anthropic_route: z.string().optional(),
  default_responses_route: z.string().optional(),
  default_chat_route: z.string().optional(),
  default_gemini_route: z.string().optional(),
  providers: z.record(z.string(), providerSchema).default({}),
  routes: z.record(z.string(), routeSchema).default({}),
  recording: recordingSchema,
  /** USD per million tokens, per model; overrides the built-in price table. */
  prices: z.record(z.string(), priceSchema).default({}),
  /** Budgets, rate limits and command interception; all off until configured. */
  guardrails: guardrailsSchema,
});

export type AppConfig = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
