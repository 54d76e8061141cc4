// What a recorded provider answer says, read straight from the wire payloads
// (never through our codecs), so a conversion can be compared against it.

export interface ToolCallTruth {
  name: string;
  /** Parsed arguments (the raw string when a weak model sent invalid JSON). */
  args: unknown;
}

export interface UsageTruth {
  /** The whole prompt, cache reads and writes included. */
  input: number;
  cacheRead: number;
  cacheWrite: number;
  /** Every billed output token, reasoning included. */
  output: number;
}

export interface RecordingTruth {
  text: string;
  reasoning: string;
  toolCalls: ToolCallTruth[];
  usage: UsageTruth;
  /** Block / item types the other protocols have no slot for (server tools, citations…). */
  inexpressible: string[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function parseArguments(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function emptyTruth(): RecordingTruth {
  return {
    text: '',
    reasoning: '',
    toolCalls: [],
    usage: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 },
    inexpressible: [],
  };
}

// ---------------------------------------------------------------------------
// Anthropic Messages
// ---------------------------------------------------------------------------

function anthropicUsage(usage: Json): UsageTruth {
  const cacheRead = num(usage.cache_read_input_tokens);
  const cacheWrite = num(usage.cache_creation_input_tokens);
  return {
    input: num(usage.input_tokens) + cacheRead + cacheWrite,
    cacheRead,
    cacheWrite,
    output: num(usage.output_tokens),
  };
}

const ANTHROPIC_MODELLED = new Set(['text', 'thinking', 'redacted_thinking', 'tool_use']);

export function anthropicStreamTruth(payloads: Json[]): RecordingTruth {
  const truth = emptyTruth();
  const blocks = new Map<number, { type: string; json: string; name: string; initialInput: unknown }>();
  let usage: Json = {};
  for (const payload of payloads) {
    switch (payload.type) {
      case 'message_start': {
        const message = payload.message as Json;
        usage = { ...usage, ...(message.usage as Json) };
        // Continuations of programmatic tool calling arrive with content already in message_start.
        const prefilled = anthropicJsonTruth({ content: message.content ?? [] });
        truth.text += prefilled.text;
        truth.reasoning += prefilled.reasoning;
        truth.toolCalls.push(...prefilled.toolCalls);
        truth.inexpressible.push(...prefilled.inexpressible);
        break;
      }
      case 'content_block_start': {
        const block = payload.content_block as Json;
        const type = str(block.type);
        blocks.set(num(payload.index), { type, json: '', name: str(block.name), initialInput: block.input });
        if (type === 'text') truth.text += str(block.text);
        if (type === 'thinking') truth.reasoning += str(block.thinking);
        if (!ANTHROPIC_MODELLED.has(type)) truth.inexpressible.push(type);
        break;
      }
      case 'content_block_delta': {
        const delta = payload.delta as Json;
        const block = blocks.get(num(payload.index));
        if (delta.type === 'text_delta') truth.text += str(delta.text);
        else if (delta.type === 'thinking_delta') truth.reasoning += str(delta.thinking);
        else if (delta.type === 'input_json_delta' && block) block.json += str(delta.partial_json);
        else if (delta.type === 'citations_delta') truth.inexpressible.push('citations');
        break;
      }
      case 'content_block_stop': {
        const block = blocks.get(num(payload.index));
        if (block?.type === 'tool_use') {
          truth.toolCalls.push({
            name: block.name,
            args: block.json === '' ? (block.initialInput ?? {}) : parseArguments(block.json),
          });
        }
        break;
      }
      case 'message_delta':
        if (isRecord(payload.usage)) {
          for (const [key, value] of Object.entries(payload.usage))
            if (value !== null && value !== undefined) usage[key] = value;
        }
        break;
    }
  }
  truth.usage = anthropicUsage(usage);
  return truth;
}

export function anthropicJsonTruth(body: Json): RecordingTruth {
  const truth = emptyTruth();
  for (const block of (body.content as Json[]) ?? []) {
    const type = str(block.type);
    if (type === 'text') {
      truth.text += str(block.text);
      if (Array.isArray(block.citations) && block.citations.length > 0) truth.inexpressible.push('citations');
    } else if (type === 'thinking') truth.reasoning += str(block.thinking);
    else if (type === 'tool_use') truth.toolCalls.push({ name: str(block.name), args: block.input ?? {} });
    if (!ANTHROPIC_MODELLED.has(type)) truth.inexpressible.push(type);
  }
  truth.usage = anthropicUsage(isRecord(body.usage) ? body.usage : {});
  return truth;
}

// ---------------------------------------------------------------------------
// OpenAI Chat Completions family (OpenAI, DeepSeek, Groq, Mistral, xAI…)
// ---------------------------------------------------------------------------

function chatUsage(usage: Json): UsageTruth {
  const prompt = num(usage.prompt_tokens);
  const completion = num(usage.completion_tokens);
  const total = usage.total_tokens;
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const cacheRead = num(details.cached_tokens) || num(usage.prompt_cache_hit_tokens);
  // total = prompt + every output token; xAI leaves reasoning out of completion_tokens.
  const output = typeof total === 'number' && total > prompt + completion ? total - prompt : completion;
  return { input: prompt, cacheRead, cacheWrite: 0, output };
}

/** Mistral sends content as an array of text / thinking chunks. */
function addChatContent(truth: RecordingTruth, content: unknown): void {
  if (typeof content === 'string') {
    truth.text += content;
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content as Json[]) {
    if (part.type === 'text') truth.text += str(part.text);
    else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
      for (const inner of part.thinking as Json[]) truth.reasoning += str(inner.text);
    }
  }
}

export function chatStreamTruth(payloads: Json[]): RecordingTruth {
  const truth = emptyTruth();
  const tools = new Map<number, { name: string; args: string }>();
  let usage: Json = {};
  for (const payload of payloads) {
    if (isRecord(payload.usage)) usage = payload.usage;
    const choice = (Array.isArray(payload.choices) ? (payload.choices as Json[]) : [])[0];
    const delta = choice && isRecord(choice.delta) ? choice.delta : undefined;
    if (!delta) continue;
    addChatContent(truth, delta.content);
    truth.reasoning += str(delta.reasoning_content) || str(delta.reasoning);
    for (const call of (Array.isArray(delta.tool_calls) ? delta.tool_calls : []) as Json[]) {
      const index = num(call.index);
      const fn = isRecord(call.function) ? call.function : {};
      const tool = tools.get(index) ?? { name: '', args: '' };
      if (tool.name === '') tool.name = str(fn.name);
      tool.args += str(fn.arguments);
      tools.set(index, tool);
    }
  }
  truth.toolCalls = [...tools.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, tool]) => ({ name: tool.name, args: parseArguments(tool.args) }));
  truth.usage = chatUsage(usage);
  return truth;
}

export function chatJsonTruth(body: Json): RecordingTruth {
  const truth = emptyTruth();
  const message = ((body.choices as Json[])[0]?.message ?? {}) as Json;
  addChatContent(truth, message.content);
  truth.reasoning += str(message.reasoning_content) || str(message.reasoning);
  for (const call of (Array.isArray(message.tool_calls) ? message.tool_calls : []) as Json[]) {
    const fn = call.function as Json;
    truth.toolCalls.push({ name: str(fn.name), args: parseArguments(str(fn.arguments)) });
  }
  truth.usage = chatUsage(isRecord(body.usage) ? body.usage : {});
  return truth;
}

// ---------------------------------------------------------------------------
// OpenAI Responses
// ---------------------------------------------------------------------------

function responsesUsage(usage: Json): UsageTruth {
  const details = isRecord(usage.input_tokens_details) ? usage.input_tokens_details : {};
  return {
    input: num(usage.input_tokens),
    cacheRead: num(details.cached_tokens),
    cacheWrite: 0,
    output: num(usage.output_tokens),
  };
}

/** A Responses object (JSON body, or the `response` of `response.completed`). */
export function responsesObjectTruth(response: Json): RecordingTruth {
  const truth = emptyTruth();
  for (const item of (response.output as Json[]) ?? []) {
    if (item.type === 'message') {
      for (const part of (item.content as Json[]) ?? [])
        if (part.type === 'output_text') truth.text += str(part.text);
    } else if (item.type === 'reasoning') {
      const summary = ((item.summary as Json[]) ?? []).map((part) => str(part.text));
      const content = ((item.content as Json[]) ?? []).map((part) => str(part.text));
      truth.reasoning += summary.length > 0 ? summary.join('\n\n') : content.join('');
    } else if (item.type === 'function_call') {
      truth.toolCalls.push({ name: str(item.name), args: parseArguments(str(item.arguments)) });
    } else truth.inexpressible.push(str(item.type));
  }
  truth.usage = responsesUsage(isRecord(response.usage) ? response.usage : {});
  return truth;
}

export function responsesStreamTruth(payloads: Json[]): RecordingTruth {
  const done = payloads.find(
    (payload) => payload.type === 'response.completed' || payload.type === 'response.incomplete',
  );
  if (!done) throw new Error('recording has no response.completed');
  return responsesObjectTruth(done.response as Json);
}

// ---------------------------------------------------------------------------
// Gemini
// ---------------------------------------------------------------------------

function geminiUsage(usage: Json): UsageTruth {
  const cacheRead = num(usage.cachedContentTokenCount);
  return {
    input: num(usage.promptTokenCount),
    cacheRead,
    cacheWrite: 0,
    output: num(usage.candidatesTokenCount) + num(usage.thoughtsTokenCount),
  };
}

/** Gemini chunks (or one JSON body as a single chunk): parts accumulate, usage is the last report. */
export function geminiTruth(payloads: Json[]): RecordingTruth {
  const truth = emptyTruth();
  let usage: Json = {};
  for (const payload of payloads) {
    if (isRecord(payload.usageMetadata)) usage = payload.usageMetadata;
    const candidate = ((payload.candidates as Json[]) ?? [])[0];
    const content = candidate && isRecord(candidate.content) ? candidate.content : {};
    for (const part of (content.parts as Json[]) ?? []) {
      if (typeof part.text === 'string') {
        if (part.thought === true) truth.reasoning += part.text;
        else truth.text += part.text;
      }
      if (isRecord(part.functionCall))
        truth.toolCalls.push({ name: str(part.functionCall.name), args: part.functionCall.args ?? {} });
    }
  }
  truth.usage = geminiUsage(usage);
  return truth;
}
