import type { z } from 'zod';
import {
  contract,
  type CallOutput,
  type ContractCall,
  type ContractHandlers,
  type FieldProblem,
} from '../contract';
import { createCachedSecretMasker } from '../trace/redact-secrets';
import type { ApiDeps } from './api-deps';
import type { Caller } from './caller';
import { ApiError } from './api-error';
import { createApiHandlers } from './create-api-handlers';

/** The only call whose answer may carry a key in full. */
const REVEALING_CALLS: ReadonlySet<ContractCall> = new Set(['providerRevealKey']);

/**
 * The engine's face for every transport (HTTP, Electron IPC, the CLI): one
 * `invoke` that validates the input with the call's schema (ApiError 400
 * with field-level problems), runs the handler, and masks every provider key
 * in the answer. Transports are loops over `contract.calls` with no logic of
 * their own.
 */
export interface Api {
  /** `caller` is who the transport says made the call (the audit log's actor); absent: in process. */
  invoke<Name extends ContractCall>(name: Name, input?: unknown, caller?: Caller): Promise<CallOutput<Name>>;
  /** Masks provider keys in text that leaves the engine (error messages). */
  mask(text: string): string;
}

export function createApi(deps: ApiDeps, handlers: ContractHandlers = createApiHandlers(deps)): Api {
  const masker = createCachedSecretMasker(() => deps.secrets());
  const maskValue = (value: unknown): unknown => {
    if (typeof value === 'string') return masker().maskText(value);
    if (Array.isArray(value)) return value.map(maskValue);
    if (value !== null && typeof value === 'object') {
      const masked: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) masked[key] = maskValue(field);
      return masked;
    }
    return value;
  };

  return {
    async invoke(name, input = {}) {
      const call = contract.calls[name];
      if (!call) throw new ApiError(404, `the contract has no call "${String(name)}"`);
      const parsed = call.input.safeParse(input);
      if (!parsed.success) throw new ApiError(400, `invalid input for ${name}`, fieldProblems(parsed.error));
      const handler = handlers[name] as (value: unknown) => unknown;
      const output = await handler(parsed.data);
      return (REVEALING_CALLS.has(name) ? output : maskValue(output)) as CallOutput<typeof name>;
    },
    mask: (text) => masker().maskText(text),
  };
}

function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
