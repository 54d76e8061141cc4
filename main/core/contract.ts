import { z } from 'zod';
import { guardrailsSchema } from './config/guardrails-schema';
import { providerPresetSchema } from './presets/provider-preset-schema';
import { priceSchema, providerSchema, recordingSchema, routeSchema, serverSchema } from './config/schema';

/*
 * The one admin API. Every call and event is declared here once; the HTTP
 * admin routes, the Electron IPC handlers and the renderer's client derive
 * their types from this object, so a call cannot drift between transports.
 * Provider keys in outputs are always masked (`sk-…a1b2`) except from
 * `providerRevealKey`.
 */

const id = z.string().trim().min(1, 'must not be empty');
/** Query strings carry numbers as text; bodies and IPC carry numbers. */
const epochMs = z.coerce.number().int().nonnegative();

const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  reasoningTokens: z.number(),
});

const problemSchema = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  line: z.number().optional(),
  column: z.number().optional(),
});

const protocolSchema = z.enum(['anthropic', 'openai-chat', 'openai-responses', 'gemini']);

const traceSummarySchema = z.object({
  id: z.string(),
  startedAt: z.number(),
  state: z.enum(['running', 'done', 'interrupted']),
  routeKeyLabel: z.string(),
  inboundProtocol: protocolSchema,
  path: z.string(),
  client: z.string(),
  sessionId: z.string().optional(),
  requestedModel: z.string(),
  providerId: z.string().optional(),
  upstreamModel: z.string().optional(),
  scene: z.string().optional(),
  status: z.number(),
  error: z.string().optional(),
  stream: z.boolean(),
  durationMs: z.number().optional(),
  firstTokenMs: z.number().optional(),
  usage: usageSchema,
  costUsd: z.number().optional(),
  attemptCount: z.number(),
  warningCount: z.number(),
});

const storedBodySchema = z.object({
  content: z.string(),
  originalBytes: z.number(),
  truncated: z.boolean(),
  binary: z.boolean(),
});
const bodyKindSchema = z.enum(['clientRequest', 'upstreamRequest', 'upstreamResponse', 'clientResponse']);

const attemptSchema = z.object({
  providerId: z.string(),
  /** Present on live updates; the stored trace keeps it in `decision.attempts`. */
  model: z.string().optional(),
  keyIndex: z.number(),
  url: z.string(),
  status: z.number().optional(),
  error: z.string().optional(),
  startedAt: z.number(),
  headersAt: z.number().optional(),
  firstByteAt: z.number().optional(),
  endedAt: z.number().optional(),
});
const timingsSchema = z.record(z.string(), z.number());
const warningSchema = z.object({ code: z.string(), message: z.string() });

const traceDetailSchema = traceSummarySchema.extend({
  userAgent: z.string(),
  decision: z.record(z.string(), z.unknown()).optional(),
  warnings: z.array(warningSchema),
  timings: timingsSchema,
  attempts: z.array(attemptSchema),
  bodies: z.partialRecord(bodyKindSchema, storedBodySchema),
  headers: z.partialRecord(bodyKindSchema, z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
});

const usageDimensionSchema = z.enum(['provider', 'model', 'route', 'client']);

const usageRowSchema = z.object({
  key: z.string(),
  split: z.string().optional(),
  requests: z.number(),
  successes: z.number(),
  errors: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  reasoningTokens: z.number(),
  costUsd: z.number(),
  unpricedRequests: z.number(),
  /** Requests answered from the response cache: in `requests`, but no tokens or cost of theirs are. */
  cacheHits: z.number(),
  /** What the cache hits would have cost had they been sent (their cached answers' usage, priced). */
  savedInputTokens: z.number(),
  savedOutputTokens: z.number(),
  savedCostUsd: z.number(),
});

/**
 * The engine's lifecycle (see core/lifecycle): stopped → starting → running ⇄ paused → stopping →
 * stopped, or error (with its reason) when starting fails. "Pause" (proxyStop) refuses proxy requests
 * with a 503 while the admin API and the dashboard keep working.
 */
const proxyStateSchema = z.enum(['stopped', 'starting', 'running', 'paused', 'stopping', 'error']);

const statusSchema = z.object({
  version: z.string(),
  state: proxyStateSchema,
  /** Why the engine is in `error` (e.g. the port is in use). */
  error: z.string().optional(),
  url: z.string().optional(),
  home: z.string(),
  configPath: z.string(),
  startedAt: z.number(),
  startup: z.object({ source: z.enum(['file', 'created', 'backup']), recoveredFrom: z.string().optional() }),
  recorder: z.object({
    queued: z.number(),
    written: z.number(),
    droppedBodies: z.number(),
    droppedTraces: z.number(),
    lastFlushMs: z.number(),
  }),
});

/** A config write answers with the saved (masked) config and any warnings about it. */
const savedSchema = z.object({ config: z.record(z.string(), z.unknown()), problems: z.array(problemSchema) });
const empty = z.object({});

const defaultsSchema = z.object({
  default_route: z.string().nullish(),
  default_anthropic_route: z.string().nullish(),
  default_chat_route: z.string().nullish(),
  default_responses_route: z.string().nullish(),
  default_gemini_route: z.string().nullish(),
});

/**
 * A partial update of a config section: fields left out stay as they are, and
 * a field the section may lack (`proxy_url`, `budget_mb`…) is removed by `null`.
 * (`.partial()` alone would still fill every left-out field with its default,
 * so a PUT of one field would reset its siblings.)
 */
function partialUpdate<Shape extends z.ZodRawShape>(section: z.ZodObject<Shape>) {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(section.shape)) {
    let inner = field as z.ZodType;
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault)
      inner = inner.unwrap() as z.ZodType;
    fields[key] = inner instanceof z.ZodOptional ? inner.nullable() : inner.optional();
  }
  return z.object(fields) as unknown as z.ZodObject<{
    [Key in keyof Shape]: z.ZodOptional<z.ZodNullable<Shape[Key]>>;
  }>;
}

const settingsSchema = z.object({
  server: partialUpdate(serverSchema.unwrap()).optional(),
  log_retention_days: z.number().int().positive().optional(),
  recording: partialUpdate(recordingSchema.unwrap()).optional(),
  prices: z.record(z.string(), priceSchema).optional(),
});

/**
 * The `guardrails:` section, part by part: each part given replaces the file's
 * (a list is replaced whole), parts left out stay, and `lockout: null` turns
 * lockout off. Checked with the config's own schema, so a regex the
 * linear-time engine refuses or a command pattern that does not parse is a
 * 400 at `intercept.<n>.pattern`.
 */
const guardrailsUpdateSchema = partialUpdate(guardrailsSchema.unwrap());

const modelTargetSchema = z.object({ providerId: z.string(), model: z.string() });

const explainInputSchema = z.object({
  /** The route key a client would send; left out, the protocol's default route answers. */
  routeKey: z.string().optional(),
  protocol: protocolSchema.default('anthropic'),
  /** A real request body in `protocol`'s wire format; otherwise the sample fields describe one. */
  request: z.record(z.string(), z.unknown()).optional(),
  model: z.string().default(''),
  thinking: z.boolean().optional(),
  tools: z.boolean().optional(),
  image: z.boolean().optional(),
  tokens: z.number().int().nonnegative().optional(),
});

const explainOutputSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    route: z.string(),
    matchedBy: z.string(),
    requestedModel: z.string(),
    scene: z.string(),
    sceneReason: z.string(),
    rule: z.string(),
    providerId: z.string(),
    model: z.string(),
    fallback: z.array(modelTargetSchema),
    tokens: z.object({ count: z.number(), exact: z.boolean(), threshold: z.number() }).optional(),
    warnings: z.array(warningSchema),
    summary: z.string(),
  }),
  z.object({ ok: z.literal(false), status: z.number(), message: z.string() }),
]);

const auditEntrySchema = z.object({
  seq: z.number(),
  at: z.number(),
  /** `dashboard (browser session)`, `desktop app`, `CLI (admin token)`, `admin token (curl/8.5.0)`, `config file`… */
  actor: z.string(),
  /** The contract call, or `config change`. */
  action: z.string(),
  summary: z.string(),
  ok: z.boolean(),
  /** Redacted input (calls) or `changes: [{ path, before, after }]` (config changes). */
  detail: z.record(z.string(), z.unknown()),
});

const budgetAmountsSchema = z.object({
  requests: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  costUsd: z.number(),
});

const guardrailsStatusSchema = z.object({
  budgets: z.array(
    z.object({
      label: z.string(),
      window: z.enum(['minute', 'hour', 'day', 'month', 'once']),
      topUp: z.boolean(),
      windowStart: z.number(),
      /** Absent for a one-off (`once`) budget. */
      resetsAt: z.number().optional(),
      /** Configured limits by name (`requests`, `tokens`, `cost_usd`…). */
      limits: z.record(z.string(), z.number()),
      /** Settled usage plus live reservations. */
      used: budgetAmountsSchema,
      warnAt: z.number(),
    }),
  ),
  rateLimits: z.array(z.object({ label: z.string(), running: z.number(), waiting: z.number() })),
  interceptRules: z.number(),
  lockout: z.object({ enabled: z.boolean(), blockedAddresses: z.number() }),
  cache: z
    .object({
      mode: z.enum(['off', 'exact', 'semantic']),
      semantic: z.object({
        /** `active` answers opted-in requests; the others say why it is held off (see `message`). */
        state: z.enum(['off', 'active', 'not_evaluated', 'failed_evaluation', 'unusable']),
        message: z.string(),
        /** Prompt vectors in the index. */
        entries: z.number(),
        evaluatedAt: z.number().optional(),
      }),
    })
    .optional(),
});

const pairOutcomeSchema = z.object({
  id: z.string(),
  first: z.string(),
  second: z.string(),
  similarity: z.number(),
});

const semanticEvaluationSchema = z.object({
  provider: z.string(),
  model: z.string(),
  threshold: z.number(),
  maxFalseHitRate: z.number(),
  pairs: z.number(),
  dimensions: z.number(),
  score: z.object({
    threshold: z.number(),
    hits: z.number(),
    missed: z.number(),
    falseHits: z.number(),
    shouldHit: z.number(),
    shouldMiss: z.number(),
    precision: z.number(),
    recall: z.number(),
    falseHitRate: z.number(),
  }),
  suggestedThreshold: z.number().optional(),
  passed: z.boolean(),
  falseHits: z.array(pairOutcomeSchema),
  missed: z.array(pairOutcomeSchema),
  similarities: z.array(
    z.object({ id: z.string(), expected: z.enum(['hit', 'miss']), similarity: z.number() }),
  ),
  recordedAt: z.number(),
});

/** `true`/`false` in a query string, a boolean in a body or over IPC. */
const flag = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1'),
]);

function call<I extends z.ZodType, O extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  input: I,
  output: O,
) {
  return { method, path, input, output };
}

export const contract = {
  calls: {
    status: call('GET', '/api/status', empty, statusSchema),
    configRead: call(
      'GET',
      '/api/config',
      empty,
      z.object({
        config: z.record(z.string(), z.unknown()),
        path: z.string(),
        /** Values the file writes as `${VAR}` references, as written, by dotted path (`providers.x.api_key`). */
        envReferences: z.record(z.string(), z.string()),
      }),
    ),
    providerCreate: call('POST', '/api/providers', z.object({ id, provider: providerSchema }), savedSchema),
    providerUpdate: call(
      'PUT',
      '/api/providers/:id',
      z.object({ id, provider: providerSchema }),
      savedSchema,
    ),
    providerDelete: call('DELETE', '/api/providers/:id', z.object({ id }), savedSchema),
    providerRevealKey: call(
      'POST',
      '/api/providers/:id/reveal-key',
      z.object({ id }),
      z.object({ apiKey: z.string().optional(), fallbackKeys: z.array(z.string()) }),
    ),
    providerTest: call(
      'POST',
      '/api/providers/:id/test',
      z.object({ id, model: z.string().min(1).optional() }),
      z.object({
        ok: z.boolean(),
        latencyMs: z.number(),
        model: z.string().optional(),
        models: z.array(z.string()).optional(),
        streaming: z.boolean(),
        toolCalls: z.boolean(),
        error: z.string().optional(),
      }),
    ),
    providerModels: call(
      'GET',
      '/api/providers/:id/models',
      z.object({ id }),
      z.object({ models: z.array(z.string()) }),
    ),
    routeCreate: call('POST', '/api/routes', z.object({ id, route: routeSchema }), savedSchema),
    routeUpdate: call('PUT', '/api/routes/:id', z.object({ id, route: routeSchema }), savedSchema),
    routeDelete: call('DELETE', '/api/routes/:id', z.object({ id }), savedSchema),
    defaultsUpdate: call('PUT', '/api/defaults', defaultsSchema, savedSchema),
    settingsUpdate: call('PUT', '/api/settings', settingsSchema, savedSchema),
    tracesList: call(
      'GET',
      '/api/traces',
      z.object({
        from: epochMs.optional(),
        to: epochMs.optional(),
        providerId: z.string().optional(),
        model: z.string().optional(),
        route: z.string().optional(),
        status: z.union([z.enum(['ok', 'error']), z.coerce.number().int().min(100).max(599)]).optional(),
        sessionId: z.string().optional(),
        client: z.string().optional(),
        text: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
        cursor: z.string().optional(),
        /** Put the requests still running (newest first) before the first page. */
        inflight: flag.optional(),
      }),
      z.object({ items: z.array(traceSummarySchema), nextCursor: z.string().optional() }),
    ),
    traceDetail: call('GET', '/api/traces/:id', z.object({ id }), traceDetailSchema),
    usageStats: call(
      'GET',
      '/api/usage',
      z.object({
        from: epochMs,
        to: epochMs,
        groupBy: z.enum(['day', 'hour', 'provider', 'model', 'route', 'client']).default('day'),
        /** A second grouping inside each group (a stacked chart: per day, split by provider). */
        splitBy: usageDimensionSchema.optional(),
        providerId: z.string().optional(),
        model: z.string().optional(),
        route: z.string().optional(),
        /** A client's name without its version (`Claude Code`, `Codex`, `OpenAI SDK (JS)`). */
        client: z.string().optional(),
        /** The viewer's offset from UTC in minutes (UTC+8 = 480): where days and hours start. */
        tzOffsetMinutes: z.coerce.number().int().min(-840).max(840).optional(),
      }),
      z.object({ rows: z.array(usageRowSchema) }),
    ),
    /** First-token and duration percentiles of successful requests, per provider or model. */
    latencyStats: call(
      'GET',
      '/api/usage/latency',
      z.object({ from: epochMs, to: epochMs, groupBy: z.enum(['provider', 'model']).default('provider') }),
      z.object({
        rows: z.array(
          z.object({
            key: z.string(),
            requests: z.number(),
            firstTokenP50Ms: z.number().optional(),
            firstTokenP95Ms: z.number().optional(),
            durationP50Ms: z.number().optional(),
            durationP95Ms: z.number().optional(),
          }),
        ),
      }),
    ),
    reload: call(
      'POST',
      '/api/reload',
      empty,
      z.object({ ok: z.boolean(), problems: z.array(problemSchema) }),
    ),
    proxyStart: call('POST', '/api/proxy/start', empty, z.object({ state: proxyStateSchema })),
    /** Pauses the proxy endpoints (503 to clients); the admin API and the dashboard keep answering. */
    proxyStop: call('POST', '/api/proxy/stop', empty, z.object({ state: proxyStateSchema })),
    routeExplain: call('POST', '/api/explain', explainInputSchema, explainOutputSchema),
    /**
     * Every price cost is computed with: config `prices` first, then the built-in table, each
     * built-in entry with the vendor page it was read from and the day (`checkedOn`: the oldest).
     */
    pricesList: call(
      'GET',
      '/api/prices',
      empty,
      z.object({
        checkedOn: z.string(),
        prices: z.array(
          z.object({
            model: z.string(),
            input: z.number(),
            output: z.number(),
            cacheRead: z.number().optional(),
            cacheWrite: z.number().optional(),
            origin: z.enum(['config', 'built-in']),
            source: z.string().optional(),
            checked: z.string().optional(),
          }),
        ),
      }),
    ),
    /** The known providers (base URL, format, models, docs) the dashboard, tray and CLI offer. */
    providerPresets: call('GET', '/api/presets', empty, z.object({ presets: z.array(providerPresetSchema) })),
    /** A fresh one-time link that signs a browser in to the dashboard (`ais login`). */
    loginLink: call('POST', '/api/login-link', empty, z.object({ url: z.string() })),

    // Guardrails (#22): the audit log and what the guardrails hold right now.
    /** Admin calls and config changes, newest first, redacted (no key, token or route key). */
    auditList: call(
      'GET',
      '/api/audit',
      z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.coerce.number().int().positive().optional(),
      }),
      z.object({ items: z.array(auditEntrySchema), nextCursor: z.number().optional() }),
    ),
    /** Budgets (used and reserved in the current window), rate-limit lines, lockouts, rule counts. */
    guardrailsStatus: call('GET', '/api/guardrails', empty, guardrailsStatusSchema),
    /** Saves the `guardrails:` section (see guardrailsUpdateSchema) the way every config write is saved. */
    guardrailsUpdate: call('PUT', '/api/guardrails', guardrailsUpdateSchema, savedSchema),
    /**
     * Embeds the labelled prompt pairs with `guardrails.cache.semantic`'s provider and model, scores them at
     * its threshold and records the outcome: the semantic cache answers nothing until one has passed.
     */
    cacheEvaluate: call('POST', '/api/guardrails/cache/evaluate', empty, semanticEvaluationSchema),
  },
  events: {
    /** A request was routed: the row appears in live views (state `running`). */
    traceStarted: traceSummarySchema,
    /**
     * A request in flight moved on (at most ~10 a second per trace): `phase` says to what;
     * `attempts` and `timings` are whole, the rest of the summary's fields are those that changed.
     */
    traceUpdated: traceSummarySchema.partial().extend({
      id: z.string(),
      phase: z.enum(['routed', 'attempt', 'headers', 'streaming']),
      attempts: z.array(attemptSchema),
      timings: timingsSchema,
    }),
    traceFinished: traceSummarySchema,
    serverStatus: z.object({
      state: proxyStateSchema,
      url: z.string().optional(),
      error: z.string().optional(),
    }),
    configChanged: z.object({ reason: z.string(), ok: z.boolean(), problems: z.array(problemSchema) }),
  },
} as const;

export type Contract = typeof contract;
export type ContractCall = keyof Contract['calls'];
export type ContractEvent = keyof Contract['events'];
/** What a caller sends (before defaults and coercion). */
export type CallInput<Name extends ContractCall> = z.input<Contract['calls'][Name]['input']>;
/** What a handler receives (validated, defaults filled). */
export type CallParsedInput<Name extends ContractCall> = z.output<Contract['calls'][Name]['input']>;
export type CallOutput<Name extends ContractCall> = z.output<Contract['calls'][Name]['output']>;
export type EventPayload<Name extends ContractEvent> = z.output<Contract['events'][Name]>;
export type ContractHandlers = {
  [Name in ContractCall]: (input: CallParsedInput<Name>) => Promise<CallOutput<Name>> | CallOutput<Name>;
};

/** A call's input failed its schema, or a config change failed the config checks; answered as 400. */
export interface FieldProblem {
  path: string;
  message: string;
}
