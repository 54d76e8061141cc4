import type { ContractHandlers } from '../contract';
import type { ApiDeps } from './api-deps';

type GuardrailCalls = 'auditList' | 'guardrailsStatus';

/** The audit log and the guardrails' live state (#22). */
export function createGuardrailHandlers(deps: ApiDeps): Pick<ContractHandlers, GuardrailCalls> {
  return {
    auditList: ({ limit, cursor }) =>
      deps.auditLog().list({ limit, ...(cursor !== undefined ? { before: cursor } : {}) }),
    guardrailsStatus: () => deps.guardrailsStatus(),
  };
}
