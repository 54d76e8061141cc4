import type { ConfigProblem } from '../config/config-problem';
import type { FieldProblem } from '../contract';

/** A refusal the admin API answers as `{ error: { message, fields? } }` with `status`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A config the checks refused: every error, each at its config path. */
export function configRefused(message: string, problems: readonly ConfigProblem[], prefix = ''): ApiError {
  const errors = problems.filter((problem) => problem.severity === 'error');
  return new ApiError(
    400,
    message,
    errors.map((problem) => ({
      path: prefix && problem.path ? `${prefix}.${problem.path}` : problem.path || prefix,
      message: problem.message,
    })),
  );
}
