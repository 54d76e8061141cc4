import type { CallOutput, CallParsedInput } from '../contract';
import { ProtocolError } from '../protocols/canonical';
import { codecFor } from '../protocols/registry';
import { explainRoute, fixedTokenCounter, requestFromSample } from '../routing';
import type { ApiDeps } from './api-deps';
import { ApiError } from './api-error';

/** `routeExplain`: a real request body (decoded as the proxy would) or a sample's traits. */
export function explain(deps: ApiDeps, input: CallParsedInput<'routeExplain'>): CallOutput<'routeExplain'> {
  let request;
  if (input.request) {
    // Gemini carries the model in the URL; the codec reads it from the body.
    const body = input.protocol === 'gemini' ? { ...input.request, model: input.model } : input.request;
    try {
      request = codecFor(input.protocol).decodeRequest({ body }).value;
    } catch (error) {
      if (error instanceof ProtocolError)
        throw new ApiError(
          400,
          `the request is not a valid ${input.protocol} request: ${error.error.message}`,
          [{ path: 'request', message: error.error.message }],
        );
      throw error;
    }
  } else {
    request = requestFromSample({
      model: input.model,
      ...(input.thinking !== undefined ? { thinking: input.thinking } : {}),
      ...(input.tools !== undefined ? { tools: input.tools } : {}),
      ...(input.image !== undefined ? { image: input.image } : {}),
    });
  }
  const counter = input.tokens !== undefined ? fixedTokenCounter(input.tokens) : deps.tokenCounter;
  return explainRoute({
    config: deps.config(),
    protocol: input.protocol,
    request,
    configPath: deps.configPath,
    ...(input.routeKey ? { routeKey: input.routeKey } : {}),
    ...(counter ? { counter } : {}),
  });
}
