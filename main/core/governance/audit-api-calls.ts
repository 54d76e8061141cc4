import type { Api } from '../api/create-api';
import { runAsCaller } from '../api/caller';
import { contract, type CallOutput, type ContractCall } from '../contract';
import type { AuditTrail } from './create-audit-trail';

/** The same Api, with every call that changes something written to the audit log (failed ones too). */
export function auditApiCalls(api: Api, trail: AuditTrail): Api {
  return {
    ...api,
    invoke<Name extends ContractCall>(
      name: Name,
      input?: unknown,
      caller?: Parameters<Api['invoke']>[2],
    ): Promise<CallOutput<Name>> {
      const method = contract.calls[name]?.method ?? 'POST';
      return runAsCaller(caller, async () => {
        try {
          const output = await api.invoke(name, input, caller);
          trail.call({ name, method, input: input ?? {}, caller });
          return output;
        } catch (error) {
          trail.call({ name, method, input: input ?? {}, caller, error });
          throw error;
        }
      });
    },
  };
}
