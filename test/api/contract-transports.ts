import { ApiError } from '../../main/core/api/api-error';
import { contract, type ContractCall } from '../../main/core/contract';
import type { Engine } from '../../main/core/engine';
import { send } from '../admin/admin-harness';

export type CallAnswer =
  | { ok: true; value: unknown }
  | { ok: false; status: number; message: string; fields: { path: string; message: string }[] };

/** One way to reach the engine's contract: in process (`api.invoke`) or over HTTP. */
export interface ContractTransport {
  name: string;
  call(name: ContractCall, input?: Record<string, unknown>): Promise<CallAnswer>;
}

export function invokeTransport(engine: Engine): ContractTransport {
  return {
    name: 'api.invoke',
    async call(name, input = {}) {
      try {
        return { ok: true, value: await engine.api.invoke(name, input) };
      } catch (error) {
        if (error instanceof ApiError)
          return { ok: false, status: error.status, message: error.message, fields: error.fields };
        throw error;
      }
    },
  };
}

/** The contract at its HTTP method and path: `:id` from the input, GET inputs as the query string. */
export function httpTransport(baseUrl: string, token: string): ContractTransport {
  return {
    name: 'HTTP',
    async call(name, input = {}) {
      const { method, path } = contract.calls[name];
      const rest: Record<string, unknown> = { ...input };
      const filled = path.replace(/:(\w+)/g, (_match, key: string) => {
        const value = String(rest[key]);
        delete rest[key];
        return encodeURIComponent(value);
      });
      let target = filled;
      let body: unknown;
      if (method === 'GET') {
        const query = new URLSearchParams();
        for (const [key, value] of Object.entries(rest))
          if (value !== undefined) query.set(key, String(value));
        if ([...query].length > 0) target += `?${query.toString()}`;
      } else if (Object.keys(rest).length > 0) {
        body = rest;
      }
      const answer = await send(baseUrl, { method, path: target, token, body });
      if (answer.status >= 200 && answer.status < 300) return { ok: true, value: answer.json };
      type ErrorBody = { error?: { message?: string; fields?: { path: string; message: string }[] } };
      const error = (answer.json as ErrorBody | undefined)?.error;
      return {
        ok: false,
        status: answer.status,
        message: error?.message ?? answer.text,
        fields: error?.fields ?? [],
      };
    },
  };
}
