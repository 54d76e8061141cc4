import {
  semanticCacheSchema,
  type SemanticCacheConfig,
} from '../../../../main/core/config/guardrails-schema';
import { numberOrText } from '../../lib/number-or-text';

/*
 * The semantic layer's part of the guardrails form: numbers as typed text (a
 * wrong value stays in its field and is refused there), routes as keys, and
 * the block as the file had it, written back untouched while the cache is not
 * in semantic mode (its fields are hidden then, so none of them can be wrong).
 */

const FIELDS = ['provider', 'model', 'threshold', 'timeout_ms', 'routes', 'memory_mb', 'max_false_hit_rate'];

export interface SemanticForm {
  provider: string;
  model: string;
  threshold: string;
  timeout_ms: string;
  /** Route keys opted in wholesale (shown by their labels). */
  routes: string[];
  memory_mb: string;
  max_false_hit_rate: string;
  /** Fields the form does not edit, kept. */
  rest: Record<string, unknown>;
  /** The block as loaded (absent when the file has none). */
  original: SemanticCacheConfig | undefined;
}

/** The schema's own defaults: provider and model have none, so they are placeholders here only. */
const DEFAULTS = semanticCacheSchema.parse({ provider: '-', model: '-' });

export function semanticToForm(semantic: SemanticCacheConfig | undefined): SemanticForm {
  const block = semantic ?? { ...DEFAULTS, provider: '', model: '' };
  return {
    provider: block.provider,
    model: block.model,
    threshold: String(block.threshold),
    timeout_ms: String(block.timeout_ms),
    routes: [...block.routes],
    memory_mb: String(block.memory_mb),
    max_false_hit_rate: String(block.max_false_hit_rate),
    rest: Object.fromEntries(Object.entries(block).filter(([key]) => !FIELDS.includes(key))),
    original: semantic,
  };
}

/** The `semantic:` block to save: the form's fields in semantic mode, otherwise the file's block as it was. */
export function semanticFormToInput(form: SemanticForm, mode: unknown): Record<string, unknown> | undefined {
  if (mode !== 'semantic') return form.original;
  const block: Record<string, unknown> = {
    ...form.rest,
    provider: form.provider.trim(),
    model: form.model.trim(),
    threshold: numberOrText(form.threshold),
    timeout_ms: numberOrText(form.timeout_ms),
    routes: form.routes,
    memory_mb: numberOrText(form.memory_mb),
    max_false_hit_rate: numberOrText(form.max_false_hit_rate),
  };
  return Object.fromEntries(Object.entries(block).filter(([, value]) => value !== undefined));
}
