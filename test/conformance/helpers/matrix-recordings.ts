// Which recording each fake provider replays for a scenario, and what that
// recording says (the truth every client must see).
import path from 'node:path';
import { FIXTURES, readChunks, readJson } from '../../helpers/fixtures';
import { sseFramesOf, type UpstreamReply } from '../../helpers/scripted-upstream';
import {
  anthropicJsonTruth,
  anthropicStreamTruth,
  chatJsonTruth,
  chatStreamTruth,
  geminiTruth,
  responsesObjectTruth,
  responsesStreamTruth,
  type RecordingTruth,
} from './read-recording-truth';

export type ProviderFormat = 'anthropic' | 'chat' | 'responses' | 'gemini';
export type Scenario = 'text' | 'tool' | 'reasoning' | 'image' | 'usage';
export type Mode = 'json' | 'stream';

export const PROVIDER_FORMATS: ProviderFormat[] = ['anthropic', 'chat', 'responses', 'gemini'];
export const SCENARIOS: Scenario[] = ['text', 'tool', 'reasoning', 'image', 'usage'];

const upstream = (relative: string): string => path.join(FIXTURES, 'upstream', relative);

/** Recording base names (without .json / .chunks.txt); image scenarios answer with the text recording. */
const RECORDINGS: Record<ProviderFormat, Record<Scenario, { json: string; stream: string }>> = {
  anthropic: {
    text: { json: 'anthropic/anthropic-text', stream: 'anthropic/anthropic-text' },
    tool: { json: 'anthropic/anthropic-json-tool.1', stream: 'anthropic/anthropic-json-tool.1' },
    reasoning: {
      json: 'anthropic/anthropic-clear-thinking.1',
      stream: 'anthropic/anthropic-clear-thinking.1',
    },
    image: { json: 'anthropic/anthropic-text', stream: 'anthropic/anthropic-text' },
    usage: {
      json: 'anthropic/anthropic-text',
      stream: 'anthropic/anthropic-code-execution-20260120-prompt-cache.1',
    },
  },
  chat: {
    text: { json: 'deepseek/deepseek-text', stream: 'openai/chat/openai-text' },
    tool: { json: 'deepseek/deepseek-tool-call', stream: 'deepseek/deepseek-tool-call' },
    reasoning: { json: 'deepseek/deepseek-reasoning', stream: 'deepseek/deepseek-reasoning' },
    image: { json: 'openai/chat/openai-text', stream: 'openai/chat/openai-text' },
    usage: { json: 'openai-compatible/xai-text', stream: 'openai-compatible/xai-text' },
  },
  responses: {
    text: { json: 'open-responses/openai-pdf-input-file.1', stream: 'open-responses/lmstudio-basic.1' },
    tool: { json: 'open-responses/lmstudio-tool-call.1', stream: 'open-responses/lmstudio-tool-call.1' },
    reasoning: {
      json: 'openai/responses/openai-reasoning-encrypted-content.1',
      stream: 'openai/responses/openai-reasoning-encrypted-content.1',
    },
    image: {
      json: 'open-responses/openai-pdf-input-file.1',
      stream: 'open-responses/openai-pdf-input-file.1',
    },
    // openai-phase.1.chunks.txt skips output_index 1, which the openai SDK rejects even unconverted.
    usage: { json: 'openai/responses/openai-phase.1', stream: 'open-responses/lmstudio-tool-call.2' },
  },
  gemini: {
    text: { json: 'google/google-text', stream: 'google/google-text' },
    tool: { json: 'google/google-tool-call', stream: 'google/google-tool-call' },
    reasoning: { json: 'google/google-reasoning', stream: 'google/google-reasoning' },
    image: { json: 'google/google-text', stream: 'google/google-text' },
    usage: { json: 'google/google-reasoning-gemini3', stream: 'google/google-reasoning-gemini3' },
  },
};

type Json = Record<string, unknown>;

function fileOf(format: ProviderFormat, scenario: Scenario, mode: Mode): string {
  const base = RECORDINGS[format][scenario][mode];
  return upstream(mode === 'json' ? `${base}.json` : `${base}.chunks.txt`);
}

/** Multi-step recordings hold several responses back to back; one HTTP answer is the first of them. */
function firstResponseLines(file: string, format: ProviderFormat): string[] {
  const lines = readChunks(file);
  const finals: Record<ProviderFormat, RegExp> = {
    anthropic: /"type":\s*"message_stop"/,
    responses: /"type":\s*"response\.(completed|incomplete|failed)"/,
    chat: /$^/,
    gemini: /$^/,
  };
  const end = lines.findIndex((line) => finals[format].test(line));
  return end === -1 ? lines : lines.slice(0, end + 1);
}

function payloadsOf(file: string, format: ProviderFormat): Json[] {
  return firstResponseLines(file, format).map((line) => JSON.parse(line) as Json);
}

/** What the recording for this cell says. */
export function recordingTruth(format: ProviderFormat, scenario: Scenario, mode: Mode): RecordingTruth {
  const file = fileOf(format, scenario, mode);
  if (mode === 'json') {
    const body = readJson(file) as Json;
    switch (format) {
      case 'anthropic':
        return anthropicJsonTruth(body);
      case 'chat':
        return chatJsonTruth(body);
      case 'responses':
        return responsesObjectTruth(body);
      case 'gemini':
        return geminiTruth([body]);
    }
  }
  const payloads = payloadsOf(file, format);
  switch (format) {
    case 'anthropic':
      return anthropicStreamTruth(payloads);
    case 'chat':
      return chatStreamTruth(payloads);
    case 'responses':
      return responsesStreamTruth(payloads);
    case 'gemini':
      return geminiTruth(payloads);
  }
}

/** The reply a provider of `format` sends for this cell, and the exact bytes it puts on the wire. */
export function recordingReply(
  format: ProviderFormat,
  scenario: Scenario,
  mode: Mode,
): { reply: UpstreamReply; bytes: string } {
  const file = fileOf(format, scenario, mode);
  if (mode === 'json') {
    const body = readJson(file);
    return { reply: { kind: 'json', body }, bytes: JSON.stringify(body) };
  }
  const frames = sseFramesOf(file, format).slice(
    0,
    format === 'chat' ? undefined : firstResponseLines(file, format).length,
  );
  return { reply: { kind: 'sse', frames }, bytes: frames.join('') };
}
