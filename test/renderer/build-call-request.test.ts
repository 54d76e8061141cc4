import { describe, expect, it } from 'vitest';
import { contract } from '../../main/core/contract';
import { buildCallRequest } from '../../renderer/src/client/build-call-request';

describe('buildCallRequest', () => {
  it('fills path parameters from the input and sends the rest as the JSON body', () => {
    const request = buildCallRequest(contract.calls.providerUpdate, {
      id: 'deep seek/1',
      provider: { base_url: 'https://api.deepseek.com' },
    });
    expect(request).toEqual({
      method: 'PUT',
      url: '/api/providers/deep%20seek%2F1',
      body: JSON.stringify({ provider: { base_url: 'https://api.deepseek.com' } }),
    });
  });

  it('puts a GET input in the query string, leaving out absent values', () => {
    const request = buildCallRequest(contract.calls.tracesList, {
      status: 'error',
      limit: 5,
      cursor: undefined,
      text: 'a&b',
    });
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    const url = new URL(request.url, 'http://x');
    expect(url.pathname).toBe('/api/traces');
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'error', limit: '5', text: 'a&b' });
  });

  it('sends a GET with no input to the bare path', () => {
    expect(buildCallRequest(contract.calls.status, {})).toEqual({ method: 'GET', url: '/api/status' });
  });

  it('refuses a call whose path parameter is missing rather than calling /api/providers/undefined', () => {
    expect(() => buildCallRequest(contract.calls.providerDelete, {})).toThrow(/needs "id"/);
  });

  it('agrees with what the server parses back for every call with a path parameter', () => {
    for (const [name, call] of Object.entries(contract.calls)) {
      if (!call.path.includes(':')) continue;
      const request = buildCallRequest(call, { id: 'x' });
      expect(request.url, name).toBe(call.path.replace(':id', 'x'));
    }
  });
});
