import type { ConfigPathSegment } from './config-problem';

/** A string in the file that contained `${VAR}` references, e.g. `api_key: ${DEEPSEEK_API_KEY}`. */
export interface EnvReference {
  path: ConfigPathSegment[];
  /** The text as written in the file, references included. */
  template: string;
  /** The value after expansion. */
  expanded: string;
  variables: string[];
}

export interface UnsetVariable {
  name: string;
  path: ConfigPathSegment[];
  /** `unset`: not in the environment; `empty`: set to the empty string. */
  state: 'unset' | 'empty';
  /** What AI Switch did about the empty value (skipped the entry, left the setting out…). */
  effect?: string;
}

// Only the braced form: a bare `$` is common in keys and passwords, and the
// original ai-switch expanded `${VAR}` the same way.
const REFERENCE_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function expandEnvInString(
  template: string,
  env: NodeJS.ProcessEnv,
): { value: string; variables: string[]; unset: Array<{ name: string; state: 'unset' | 'empty' }> } {
  const variables: string[] = [];
  const unset: Array<{ name: string; state: 'unset' | 'empty' }> = [];
  const value = template.replace(REFERENCE_PATTERN, (_match, name: string) => {
    variables.push(name);
    const resolved = env[name];
    if (resolved === undefined) unset.push({ name, state: 'unset' });
    else if (resolved === '') unset.push({ name, state: 'empty' });
    return resolved ?? '';
  });
  return { value, variables, unset };
}

/**
 * Expands `${VAR}` in every string value (never in keys) of a parsed YAML
 * value. Returns a new value; the references are recorded so a save can put
 * them back instead of writing the secret.
 */
export function expandEnvReferences(input: { value: unknown; env: NodeJS.ProcessEnv }): {
  value: unknown;
  envRefs: EnvReference[];
  unsetVariables: UnsetVariable[];
} {
  const envRefs: EnvReference[] = [];
  const unsetVariables: UnsetVariable[] = [];

  const visit = (node: unknown, path: ConfigPathSegment[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return node;
      const expansion = expandEnvInString(node, input.env);
      if (expansion.variables.length === 0) return node;
      envRefs.push({ path, template: node, expanded: expansion.value, variables: expansion.variables });
      for (const missing of expansion.unset) unsetVariables.push({ ...missing, path });
      return expansion.value;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (isPlainObject(node)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) result[key] = visit(child, [...path, key]);
      return result;
    }
    return node;
  };

  return { value: visit(input.value, []), envRefs, unsetVariables };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
