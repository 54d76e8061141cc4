/*
 * Problems found in a config file. A user mistake is data, not an exception
 * with a stack: every problem names where it is (a dotted path, and a line and
 * column when the file is at hand) so it prints as one line a person can act on.
 */

export type ConfigProblemSeverity = 'error' | 'warning';

export interface ConfigProblem {
  /** Dotted path such as `routes.ais-claude.scene_map.think`; empty for the file as a whole. */
  path: string;
  message: string;
  severity: ConfigProblemSeverity;
  /** 1-based, when the problem points at a place in the file. */
  line?: number;
  /** 1-based, when the problem points at a place in the file. */
  column?: number;
}

export type ConfigPathSegment = string | number;

/** Thrown when a config cannot be used; `problems` holds every reason (errors and warnings). */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  /** The file the problems are about. */
  readonly filePath: string | undefined;

  constructor(message: string, problems: ConfigProblem[], filePath?: string) {
    super(message);
    this.name = 'ConfigError';
    this.problems = problems;
    this.filePath = filePath;
  }
}

/** `routes.r1.fallback[0]` from `['routes', 'r1', 'fallback', 0]`. */
export function formatConfigPath(segments: readonly ConfigPathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** One line per problem: `routes.x.provider: provider "zhipu" is not defined (line 4, column 15)`. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`;
  const subject = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  return `${subject}${where}`;
}

export function hasErrors(problems: readonly ConfigProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

/** Errors first, then by position in the file, so output reads top to bottom. */
export function sortConfigProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const rank = (problem: ConfigProblem): number => (problem.severity === 'error' ? 0 : 1);
  return [...problems].sort(
    (left, right) =>
      rank(left) - rank(right) ||
      (left.line ?? Number.MAX_SAFE_INTEGER) - (right.line ?? Number.MAX_SAFE_INTEGER) ||
      (left.column ?? 0) - (right.column ?? 0) ||
      left.path.localeCompare(right.path),
  );
}
