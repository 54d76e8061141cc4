export interface CallRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with its parameters filled and, for GET, the input as the query string. */
  url: string;
  /** JSON text of what is left of the input after the path parameters (never for GET). */
  body?: string;
}

/**
 * How a contract call travels over HTTP: `:name` segments are filled from the
 * input (and taken out of it), a GET carries the rest as the query string,
 * every other method as a JSON body.
 */
export function buildCallRequest(
  call: { method: CallRequest['method']; path: string },
  input: Record<string, unknown>,
): CallRequest {
  const rest: Record<string, unknown> = { ...input };
  const path = call.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = rest[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`${call.method} ${call.path} needs "${name}" in its input`);
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  if (call.method === 'GET') {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined || value === null) continue;
      query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    const text = query.toString();
    return { method: call.method, url: text ? `${path}?${text}` : path };
  }
  return { method: call.method, url: path, body: JSON.stringify(rest) };
}
