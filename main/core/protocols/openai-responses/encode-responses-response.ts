import type { ClientContext } from '../canonical/codec';
import type { CanonicalResponse, Converted } from '../canonical/types';
import { buildResponsesObject, createItemIdFactory, toResponseId } from './build-responses-object';
import { convertPartsToResponsesOutput } from './convert-parts-to-responses-output';
import { encodeResponsesStatus } from './map-responses-stop-reason';
import type { JsonRecord } from './read-json-values';

/** Canonical response → Responses object for a client. */
export function encodeResponsesResponse(input: {
  response: CanonicalResponse;
  client: ClientContext;
}): Converted<JsonRecord> {
  const { response, client } = input;
  const id = toResponseId(response.id !== '' ? response.id : client.responseId);
  const output = convertPartsToResponsesOutput({
    content: response.content,
    nextId: createItemIdFactory(id),
  });
  const status = encodeResponsesStatus(response.stopReason);
  return {
    value: buildResponsesObject({
      id,
      model: client.requestModel,
      createdAt: Math.floor(Date.now() / 1000),
      status: status.status,
      incompleteDetails: status.incompleteDetails,
      output: output.value,
      usage: response.usage,
      ...(response.extra ? { extra: response.extra } : {}),
    }),
    warnings: output.warnings,
  };
}
