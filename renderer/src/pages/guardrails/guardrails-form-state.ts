import {
  BUDGET_LIMITS,
  type BudgetConfig,
  type GuardrailsConfig,
  type InterceptRuleConfig,
  type RateLimitConfig,
} from '../../../../main/core/config/guardrails-schema';
import type { CallInput } from '../../client/calls';
import { describeCacheFields } from './describe-cache-fields';
import { semanticFormToInput, semanticToForm, type SemanticForm } from './semantic-form-state';
import { numberOrText } from '../../lib/number-or-text';

export type BudgetLimit = (typeof BUDGET_LIMITS)[number];

/*
 * The guardrails editor's form: numbers as typed text (so a half-typed or
 * wrong value stays in the field and is refused there), each row carrying the
 * fields the form does not edit (`rest`), so a save never drops what the user
 * wrote by hand in the file or what a newer schema added.
 */

export interface BudgetRow {
  name: string;
  route: string;
  window: BudgetConfig['window'];
  top_up: boolean;
  limits: Record<BudgetLimit, string>;
  warn_at: string;
  rest: Record<string, unknown>;
}

export interface RateLimitRow {
  name: string;
  scope: 'route' | 'provider';
  /** A route key (or `*`) or a provider id, by scope. */
  target: string;
  rpm: string;
  concurrent: string;
  queue_s: string;
  queue_max: string;
  rest: Record<string, unknown>;
}

export interface RuleRow {
  name: string;
  target: InterceptRuleConfig['target'];
  tools: string[];
  match: InterceptRuleConfig['match'];
  /** One pattern a line (any of them matches). */
  patterns: string;
  action: InterceptRuleConfig['action'];
  ignore_case: boolean;
  message: string;
  rest: Record<string, unknown>;
}

export interface GuardrailsForm {
  budgets: BudgetRow[];
  rate_limits: RateLimitRow[];
  intercept: RuleRow[];
  starter_rules: boolean;
  /** The cache section by field, numbers as typed text; fields the schema does not know are kept as they are. */
  cache: Record<string, unknown>;
  /** The cache's semantic layer (edited while the mode is semantic). */
  semantic: SemanticForm;
  lockout: { enabled: boolean; max_failures: string; window_s: string; block_s: string };
}

const text = (value: number | undefined): string => (value === undefined ? '' : String(value));

/** Everything but the named fields: what a row keeps without showing. */
function restOf(value: object, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
}

const BUDGET_FIELDS = ['name', 'route', 'window', 'top_up', 'warn_at', ...BUDGET_LIMITS];
const RATE_FIELDS = ['name', 'route', 'provider', 'rpm', 'concurrent', 'queue_s', 'queue_max'];
const RULE_FIELDS = ['name', 'target', 'tools', 'match', 'pattern', 'action', 'ignore_case', 'message'];

export function emptyBudget(): BudgetRow {
  return {
    name: '',
    route: '*',
    window: 'day',
    top_up: false,
    limits: Object.fromEntries(BUDGET_LIMITS.map((limit) => [limit, ''])) as Record<BudgetLimit, string>,
    warn_at: '0.8',
    rest: {},
  };
}

export function emptyRateLimit(): RateLimitRow {
  return {
    name: '',
    scope: 'route',
    target: '*',
    rpm: '',
    concurrent: '',
    queue_s: '30',
    queue_max: '100',
    rest: {},
  };
}

export function emptyRule(): RuleRow {
  return {
    name: '',
    target: 'tool_call',
    tools: [],
    match: 'command',
    patterns: '',
    action: 'block',
    ignore_case: false,
    message: '',
    rest: {},
  };
}

function budgetToRow(budget: BudgetConfig): BudgetRow {
  return {
    name: budget.name ?? '',
    route: budget.route,
    window: budget.window,
    top_up: budget.top_up,
    limits: Object.fromEntries(BUDGET_LIMITS.map((limit) => [limit, text(budget[limit])])) as Record<
      BudgetLimit,
      string
    >,
    warn_at: String(budget.warn_at),
    rest: restOf(budget, BUDGET_FIELDS),
  };
}

function rateLimitToRow(limit: RateLimitConfig): RateLimitRow {
  return {
    name: limit.name ?? '',
    scope: limit.provider !== undefined ? 'provider' : 'route',
    target: limit.provider ?? limit.route ?? '*',
    rpm: text(limit.rpm),
    concurrent: text(limit.concurrent),
    queue_s: String(limit.queue_s),
    queue_max: String(limit.queue_max),
    rest: restOf(limit, RATE_FIELDS),
  };
}

function ruleToRow(rule: InterceptRuleConfig): RuleRow {
  return {
    name: rule.name ?? '',
    target: rule.target,
    tools: [...(rule.tools ?? [])],
    match: rule.match,
    patterns: [rule.pattern].flat().join('\n'),
    action: rule.action,
    ignore_case: rule.ignore_case,
    message: rule.message ?? '',
    rest: restOf(rule, RULE_FIELDS),
  };
}

export function configToGuardrailsForm(guardrails: GuardrailsConfig): GuardrailsForm {
  const lockout = guardrails.lockout;
  return {
    budgets: guardrails.budgets.map(budgetToRow),
    rate_limits: guardrails.rate_limits.map(rateLimitToRow),
    intercept: guardrails.intercept.map(ruleToRow),
    starter_rules: guardrails.starter_rules,
    cache: Object.fromEntries(
      Object.entries(guardrails.cache)
        .filter(([name]) => name !== 'semantic')
        .map(([name, value]) => [
          name,
          typeof value === 'number' ? String(value) : Array.isArray(value) ? [...(value as string[])] : value,
        ]),
    ),
    semantic: semanticToForm(guardrails.cache.semantic),
    lockout: {
      enabled: lockout !== undefined,
      max_failures: String(lockout?.max_failures ?? 10),
      window_s: String(lockout?.window_s ?? 60),
      block_s: String(lockout?.block_s ?? 300),
    },
  };
}

const optionalText = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}

/** The whole guardrailsUpdate input the form describes (every part, so the file ends up as shown). */
export function guardrailsFormToInput(form: GuardrailsForm): CallInput<'guardrailsUpdate'> {
  const input = {
    budgets: form.budgets.map((row) =>
      definedOnly({
        ...row.rest,
        name: optionalText(row.name),
        route: row.route,
        window: row.window,
        top_up: row.top_up || undefined,
        ...Object.fromEntries(BUDGET_LIMITS.map((limit) => [limit, numberOrText(row.limits[limit])])),
        warn_at: numberOrText(row.warn_at),
      }),
    ),
    rate_limits: form.rate_limits.map((row) =>
      definedOnly({
        ...row.rest,
        name: optionalText(row.name),
        [row.scope]: row.target.trim(),
        rpm: numberOrText(row.rpm),
        concurrent: numberOrText(row.concurrent),
        queue_s: numberOrText(row.queue_s),
        queue_max: numberOrText(row.queue_max),
      }),
    ),
    intercept: form.intercept.map((row) => {
      const patterns = row.patterns
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
      return definedOnly({
        ...row.rest,
        name: optionalText(row.name),
        target: row.target,
        tools: row.target === 'tool_call' && row.tools.length > 0 ? row.tools : undefined,
        match: row.match,
        pattern: patterns.length === 1 ? patterns[0] : patterns,
        action: row.action,
        ignore_case: row.ignore_case || undefined,
        message: row.message.trim() === '' ? undefined : row.message,
      });
    }),
    starter_rules: form.starter_rules,
    cache: definedOnly({
      ...cacheFormToInput(form.cache),
      semantic: semanticFormToInput(form.semantic, form.cache.mode),
    }),
    lockout: form.lockout.enabled
      ? {
          max_failures: numberOrText(form.lockout.max_failures),
          window_s: numberOrText(form.lockout.window_s),
          block_s: numberOrText(form.lockout.block_s),
        }
      : null,
  };
  return input as CallInput<'guardrailsUpdate'>;
}

const NUMERIC_CACHE_FIELDS = new Set(
  describeCacheFields()
    .filter((field) => field.kind === 'number')
    .map((field) => field.name),
);

function cacheFormToInput(cache: Record<string, unknown>): Record<string, unknown> {
  return definedOnly(
    Object.fromEntries(
      Object.entries(cache).map(([name, value]) => [
        name,
        NUMERIC_CACHE_FIELDS.has(name) && typeof value === 'string' ? numberOrText(value) : value,
      ]),
    ),
  );
}
