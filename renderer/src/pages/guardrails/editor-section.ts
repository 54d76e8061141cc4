import type { GuardrailsForm } from './guardrails-form-state';

/** What each card of the guardrails editor gets: the form, a way to change it, and errors by path. */
export interface EditorSectionProps {
  form: GuardrailsForm;
  update(change: (form: GuardrailsForm) => GuardrailsForm): void;
  /** The error at a dotted path (`intercept.0.pattern`), or for anything inside it. */
  errorAt(path: string): string | undefined;
  /** The error at exactly this path (a whole row's, e.g. a budget with no limit). */
  errorExactly(path: string): string | undefined;
  /** Route keys to offer (`*` first), each with what to show for it (its label, or the key shortened). */
  routes: { key: string; label: string }[];
  /** Provider ids, each with what to show for it (its name, or the id). */
  providers: { id: string; label: string }[];
}

/** A list's row changed in place. */
export function replaceAt<Item>(items: readonly Item[], index: number, patch: Partial<Item>): Item[] {
  return items.map((item, position) => (position === index ? { ...item, ...patch } : item));
}

export function removeAt<Item>(items: readonly Item[], index: number): Item[] {
  return items.filter((_, position) => position !== index);
}
