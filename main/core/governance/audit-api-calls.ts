import type { Api } from '../api/create-api';
import { contract, type CallOutput, type ContractCall } from '../contract';
import type { AuditTrail } from './create-audit-trail';

/** The same Api, with every call that changes something written to the audit log (failed ones too). */
export function auditApiCalls(api: Api, trail: AuditTrail): Api {
  return {
    ...api,
    async invoke<Name extends ContractCall>(name: Name, input?: unknown): Promise<CallOutput<Name>> {
      const method = contract.calls[name]?.method ?? 'POST';
      try {
        const output = await api.invoke(name, input);
        trail.call({ name, method, input: input ?? {} });
        return output;
      } catch (error) {
        trail.call({ name, method, input: input ?? {}, error });
        throw error;
      }
    },
  };
}
