import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { checkConfig, describeUnsetVariable } from './check-config';
import { decryptConfigSecrets } from './decrypt-config-secrets';
import { settleUnsetReferences } from './settle-unset-references';
import { formatConfigPath, type ConfigPathSegment, type ConfigProblem } from './config-problem';
import {
  expandEnvReferences,
  isPlainObject,
  type EnvReference,
  type UnsetVariable,
} from './expand-env-references';
import { findUnknownFields } from './find-unknown-fields';
import { createConfigPathLocator, type LocateConfigPath } from './locate-config-path';
import { configSchema, type AppConfig } from './schema';
import type { SecretBox } from './secret-box';

export interface ParsedConfigText {
  /** Undefined when the text is not valid YAML or does not fit the schema. */
  config: AppConfig | undefined;
  /** Every problem, errors and warnings, with positions. */
  problems: ConfigProblem[];
  document: Document;
  lineCounter: LineCounter;
  envRefs: EnvReference[];
  unsetVars: UnsetVariable[];
  /**
   * Paths of `enc:v1:` keys that could not be decrypted. Not corruption: a
   * backup would drop them, so start-up reports them instead of recovering.
   */
  undecryptable?: string[];
}

/** The YAML options every read and write shares, so a save re-reads the way a load does. */
export const YAML_PARSE_OPTIONS = {
  prettyErrors: false,
  // YAML 1.1 merge keys (`<<: *anchor`): the original ai-switch (Go yaml.v3) accepted them.
  merge: true,
  uniqueKeys: true,
} as const;

/** Text of a config file → config + every problem (syntax, schema, unknown fields, cross-references). */
export function parseConfigText(input: {
  text: string;
  env: NodeJS.ProcessEnv;
  /** Opens `enc:v1:` keys; without it they are problems (see decrypt-config-secrets). */
  secretBox?: SecretBox | undefined;
}): ParsedConfigText {
  const lineCounter = new LineCounter();
  const document = parseDocument(input.text, { ...YAML_PARSE_OPTIONS, lineCounter });
  const locate = createConfigPathLocator(document, lineCounter);
  const problems: ConfigProblem[] = [];
  const empty = { document, lineCounter, envRefs: [], unsetVars: [] };

  for (const [severity, list] of [
    ['error', document.errors],
    ['warning', document.warnings],
  ] as const) {
    for (const issue of list) {
      const { line, col } = lineCounter.linePos(issue.pos[0]);
      problems.push({ path: '', message: `YAML: ${issue.message}`, severity, line, column: col });
    }
  }
  if (document.errors.length > 0) return { config: undefined, problems, ...empty };

  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({ path: '', message: `YAML: ${(error as Error).message}`, severity: 'error' });
    return { config: undefined, problems, ...empty };
  }
  if (raw === null || raw === undefined) raw = {};
  if (!isPlainObject(raw)) {
    problems.push({
      path: '',
      message: 'the file must be a mapping of settings (server:, providers:, routes:, …)',
      severity: 'error',
      line: 1,
      column: 1,
    });
    return { config: undefined, problems, ...empty };
  }

  for (const unknown of findUnknownFields({ value: raw, schema: configSchema })) {
    problems.push(located(locate, unknown.path, unknown.message, 'warning', 'key'));
  }

  const envExpanded = expandConfigValue(raw, input.env);
  const decrypted = decryptConfigSecrets({ value: envExpanded.value, secretBox: input.secretBox });
  for (const failure of decrypted.problems)
    problems.push(located(locate, failure.path, failure.message, 'error', 'value'));
  const undecryptable = decrypted.problems.map((failure) => formatConfigPath(failure.path));
  const expanded = {
    ...envExpanded,
    value: decrypted.value,
    envRefs: [...envExpanded.envRefs, ...decrypted.refs],
  };
  const parsed = configSchema.safeParse(expanded.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(describeSchemaIssue(issue, expanded.value, locate));
    }
    // Unset variables explain many schema errors (an empty base_url), so keep them.
    for (const variable of expanded.unsetVariables) {
      problems.push(located(locate, variable.path, describeUnsetVariable(variable), 'warning', 'value'));
    }
    return {
      config: undefined,
      problems,
      document,
      lineCounter,
      envRefs: expanded.envRefs,
      unsetVars: expanded.unsetVariables,
      ...(undecryptable.length > 0 && { undecryptable }),
    };
  }

  problems.push(...checkConfig(parsed.data, { unsetVars: expanded.unsetVariables, locate }));
  return {
    config: parsed.data,
    problems,
    document,
    lineCounter,
    envRefs: expanded.envRefs,
    unsetVars: expanded.unsetVariables,
    ...(undecryptable.length > 0 && { undecryptable }),
  };
}

function located(
  locate: LocateConfigPath,
  path: ConfigPathSegment[],
  message: string,
  severity: ConfigProblem['severity'],
  at: 'key' | 'value',
): ConfigProblem {
  return { path: formatConfigPath(path), message, severity, ...(locate(path, { at }) ?? {}) };
}

function describeSchemaIssue(
  issue: z.core.$ZodIssue,
  value: unknown,
  locate: LocateConfigPath,
): ConfigProblem {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  return located(locate, path, describeIssueMessage(issue, valueAt(value, path)), 'error', 'value');
}

/** Zod's wording rephrased in the file's terms (mapping, list) with what was found. */
function describeIssueMessage(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return 'is required';
      return `must be ${YAML_TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeFound(found, false)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((option) => String(option)).join(', ')}, not ${describeFound(found, true)}`;
    default:
      return issue.message;
  }
}

const YAML_TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

// Text is quoted only where it is a choice (format: chatt); elsewhere it
// may be a key in the wrong place, and problems end up in logs.
function describeFound(found: unknown, quoteText: boolean): string {
  if (found === null) return 'empty';
  if (Array.isArray(found)) return 'a list';
  if (isPlainObject(found)) return 'a mapping';
  if (typeof found === 'string') return quoteText && found.length <= 40 ? JSON.stringify(found) : 'text';
  return String(found);
}

function valueAt(value: unknown, path: readonly ConfigPathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/**
 * `${VAR}` references replaced from `env`; an empty value from an unset
 * variable is skipped, never an error, so a seed config still starts. What
 * the schema then reads, from a file or from a config about to be saved.
 */
export function expandConfigValue(value: unknown, env: NodeJS.ProcessEnv) {
  const expansion = expandEnvReferences({ value, env });
  const settled = settleUnsetReferences({ value: expansion.value, unsetVariables: expansion.unsetVariables });
  return { ...expansion, value: settled.value, unsetVariables: settled.unsetVariables };
}
