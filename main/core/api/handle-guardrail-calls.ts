import type { ContractHandlers } from '../contract';
import { SemanticSetupError } from '../governance/create-semantic-cache';
import type { ApiDeps } from './api-deps';
import { ApiError } from './api-error';

type GuardrailCalls = 'auditList' | 'guardrailsStatus' | 'cacheEvaluate';

/** The audit log and the guardrails' live state (#22). */
export function createGuardrailHandlers(deps: ApiDeps): Pick<ContractHandlers, GuardrailCalls> {
  return {
    auditList: ({ limit, cursor }) =>
      deps.auditLog().list({ limit, ...(cursor !== undefined ? { before: cursor } : {}) }),
    guardrailsStatus: () => deps.guardrailsStatus(),
    cacheEvaluate: async () => {
      try {
        return await deps.evaluateSemanticCache();
      } catch (error) {
        if (error instanceof SemanticSetupError)
          throw new ApiError(400, error.message, [
            { path: 'guardrails.cache.semantic', message: error.message },
          ]);
        throw new ApiError(
          502,
          `the evaluation could not embed the labelled pairs: ${(error as Error).message}`,
        );
      }
    },
  };
}
