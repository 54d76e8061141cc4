import { packSignature } from '../canonical/signature';
import type { ClientContext, StreamEncoder } from '../canonical/codec';
import type { ProviderSignature, StreamEvent, Usage, Warning } from '../canonical/types';
import { emptyUsage, mergeUsage } from '../canonical/usage';
import { encodeGeminiUsage } from './convert-gemini-usage';
import { encodeGeminiParts } from './encode-gemini-parts';
import type { GeminiPart } from './gemini-wire-types';
import { encodeGeminiError } from './map-gemini-error';
import { encodeGeminiFinishReason } from './map-gemini-finish-reason';

/*
 * Canonical events → streamGenerateContent chunks for a Gemini client, one
 * GenerateContentResponse per event that carries content. Framing:
 * `alt=sse` → `data: <json>\r\n\r\n` (what Google sends); without it the
 * body is one JSON array written incrementally: `[{…}`, `,\r\n{…}`, `]`.
 * Tool calls go out whole once their input ends (Gemini clients expect
 * parsed `args`); the finish chunk carries finishReason and usageMetadata.
 */
interface EncoderState {
  responseId: string;
  chunkCount: number;
  closed: boolean;
  usage: Usage;
  reasoningHasText: Map<string, boolean>;
  calls: Map<string, { toolCallId: string; name: string; kind: 'function' | 'custom'; input: string }>;
}

export function createGeminiStreamEncoder(input: { client: ClientContext }): StreamEncoder {
  const { client } = input;
  const framing = client.geminiFraming ?? 'sse';
  const warnings: Warning[] = [];
  const state: EncoderState = {
    responseId: client.responseId,
    chunkCount: 0,
    closed: false,
    usage: emptyUsage(),
    reasoningHasText: new Map(),
    calls: new Map(),
  };

  const frame = (payload: Record<string, unknown>): string => {
    const json = JSON.stringify(payload);
    state.chunkCount += 1;
    if (framing === 'sse') return `data: ${json}\r\n\r\n`;
    return state.chunkCount === 1 ? `[${json}` : `,\r\n${json}`;
  };
  const close = (): string => {
    state.closed = true;
    if (framing === 'sse') return '';
    return state.chunkCount === 0 ? '[]' : ']';
  };
  const chunk = (parts: GeminiPart[], finish?: Record<string, unknown>): string =>
    frame({
      candidates: [{ content: { role: 'model', parts }, ...finish, index: 0 }],
      ...(finish ? { usageMetadata: encodeGeminiUsage(state.usage) } : {}),
      modelVersion: client.requestModel,
      responseId: state.responseId,
    });
  const addWarnings = (list: Warning[]): void => {
    for (const warning of list)
      if (!warnings.some((known) => known.code === warning.code)) warnings.push(warning);
  };
  const signaturePart = (signature: ProviderSignature | undefined, thought: boolean): GeminiPart[] =>
    signature
      ? [
          {
            text: '',
            ...(thought ? { thought: true } : {}),
            thoughtSignature: packSignature(signature, 'gemini'),
          },
        ]
      : [];

  const encode = (event: StreamEvent): string => {
    switch (event.type) {
      case 'response-start':
        if (event.id) state.responseId = event.id;
        if (event.usage) state.usage = mergeUsage(state.usage, event.usage);
        return '';
      case 'text-start':
      case 'text-end':
        return '';
      case 'text-delta':
        return event.delta === '' ? '' : chunk([{ text: event.delta }]);
      case 'reasoning-start':
        state.reasoningHasText.set(event.id, false);
        return '';
      case 'reasoning-delta':
        if (event.delta === '') return '';
        state.reasoningHasText.set(event.id, true);
        return chunk([{ text: event.delta, thought: true }]);
      case 'reasoning-end': {
        if (event.redactedData !== undefined || event.encrypted !== undefined) {
          addWarnings([
            {
              code: 'reasoning-encrypted-dropped',
              message: 'Encrypted or redacted reasoning has no Gemini form; it was dropped.',
            },
          ]);
        }
        // A signature-only block is a carrier for the part before it: Gemini sends those as non-thought empty text.
        const parts = signaturePart(event.signature, state.reasoningHasText.get(event.id) === true);
        state.reasoningHasText.delete(event.id);
        return parts.length > 0 ? chunk(parts) : '';
      }
      case 'tool-input-start':
        state.calls.set(event.id, {
          toolCallId: event.toolCallId,
          name: event.name,
          kind: event.kind,
          input: '',
        });
        return '';
      case 'tool-input-delta': {
        const call = state.calls.get(event.id);
        if (call) call.input += event.delta;
        return '';
      }
      case 'tool-input-end': {
        const call = state.calls.get(event.id);
        if (!call) return '';
        state.calls.delete(event.id);
        const parts = encodeGeminiParts({
          content: [
            {
              type: 'tool-call',
              id: call.toolCallId,
              name: call.name,
              arguments: call.input,
              kind: call.kind,
              ...(event.signature ? { signature: event.signature } : {}),
            },
          ],
          audience: 'client',
        });
        addWarnings(parts.warnings);
        return chunk(parts.value);
      }
      case 'part-add': {
        const parts = encodeGeminiParts({ content: [event.part], audience: 'client' });
        addWarnings(parts.warnings);
        return parts.value.length > 0 ? chunk(parts.value) : '';
      }
      case 'usage-update':
        state.usage = mergeUsage(state.usage, event.usage);
        return '';
      case 'response-finish':
        state.usage = event.usage;
        return (
          chunk([{ text: '' }], {
            finishReason: encodeGeminiFinishReason(event.stopReason, event.rawStopReason),
          }) + close()
        );
      case 'response-error':
        return frame(encodeGeminiError(event.error)) + close();
      default: {
        const _exhaustive: never = event;
        throw new Error(`unknown stream event ${JSON.stringify(_exhaustive)}`);
      }
    }
  };

  return {
    warnings,
    push(event: StreamEvent): string {
      return state.closed ? '' : encode(event);
    },
    end(): string {
      if (state.closed) return '';
      const error = frame(
        encodeGeminiError({
          kind: 'api_error',
          status: 502,
          message: 'The upstream stream ended before the response finished.',
        }),
      );
      return error + close();
    },
  };
}
