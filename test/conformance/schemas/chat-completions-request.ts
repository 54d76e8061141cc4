import { z } from 'zod';

// What POST /v1/chat/completions accepts, strict where OpenAI is strict:
// unknown top-level fields and message fields are rejected, tool calls need
// id/type/function{name, arguments string}, and every tool call is answered
// by tool messages right after its assistant message.

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string().regex(/^(https?:|data:image\/[a-z+.-]+;base64,)/),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
const audioPart = z.strictObject({
  type: z.literal('input_audio'),
  input_audio: z.strictObject({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/);

const toolCall = z.union([
  z.strictObject({
    id: z.string().min(1),
    type: z.literal('function'),
    function: z.strictObject({ name: functionName, arguments: z.string() }),
  }),
  z.strictObject({
    id: z.string().min(1),
    type: z.literal('custom'),
    custom: z.strictObject({ name: functionName, input: z.string() }),
  }),
]);

const systemMessage = z.strictObject({
  role: z.enum(['system', 'developer']),
  content: z.union([z.string(), z.array(textPart).min(1)]),
  name: z.string().optional(),
});
const userMessage = z.strictObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(z.union([textPart, imagePart, audioPart, filePart])).min(1)]),
  name: z.string().optional(),
});
const assistantMessage = z
  .strictObject({
    role: z.literal('assistant'),
    content: z
      .union([
        z.string(),
        z.null(),
        z.array(z.union([textPart, z.strictObject({ type: z.literal('refusal'), refusal: z.string() })])),
      ])
      .optional(),
    tool_calls: z.array(toolCall).min(1).optional(),
    refusal: z.string().nullable().optional(),
    name: z.string().optional(),
  })
  .refine(
    (message) =>
      (message.content !== undefined && message.content !== null) || message.tool_calls !== undefined,
    {
      message: 'an assistant message needs content or tool_calls',
    },
  );
const toolMessage = z.strictObject({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1),
  content: z.union([z.string(), z.array(textPart).min(1)]),
});

const message = z.union([systemMessage, userMessage, assistantMessage, toolMessage]);
type ChatMessage = z.infer<typeof message>;

const tool = z.union([
  z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({
      name: functionName,
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('custom'),
    custom: z.strictObject({
      name: functionName,
      description: z.string().optional(),
      format: z.unknown().optional(),
    }),
  }),
]);

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: functionName }) }),
  z.strictObject({ type: z.literal('custom'), custom: z.strictObject({ name: functionName }) }),
]);

/** Every tool call answered by a tool message right after its assistant message; no orphan tool messages. */
function checkToolSequence(messages: ChatMessage[], context: z.RefinementCtx): void {
  let pending = new Set<string>();
  const seen = new Set<string>();
  messages.forEach((entry, index) => {
    if (entry.role === 'tool') {
      if (!pending.delete(entry.tool_call_id)) {
        context.addIssue({
          code: 'custom',
          path: ['messages', index],
          message: `tool message for ${entry.tool_call_id} answers no pending tool call`,
        });
      }
      return;
    }
    if (pending.size > 0) {
      context.addIssue({
        code: 'custom',
        path: ['messages', index],
        message: `tool calls ${[...pending].join(', ')} have no tool message before this ${entry.role} message`,
      });
      pending = new Set();
    }
    if (entry.role === 'assistant' && entry.tool_calls) {
      for (const call of entry.tool_calls) {
        if (seen.has(call.id))
          context.addIssue({
            code: 'custom',
            path: ['messages', index],
            message: `duplicate tool call id ${call.id}`,
          });
        seen.add(call.id);
        pending.add(call.id);
      }
    }
  });
  if (pending.size > 0)
    context.addIssue({
      code: 'custom',
      path: ['messages'],
      message: `tool calls ${[...pending].join(', ')} are never answered`,
    });
}

export const chatCompletionsRequestSchema = z
  .strictObject({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    tools: z.array(tool).min(1).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().optional(),
    stream: z.boolean().optional(),
    stream_options: z.strictObject({ include_usage: z.boolean().optional() }).optional(),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    n: z.number().int().positive().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
    seed: z.number().int().optional(),
    response_format: z.unknown().optional(),
    reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
    verbosity: z.enum(['low', 'medium', 'high']).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    prompt_cache_key: z.string().optional(),
    safety_identifier: z.string().optional(),
    store: z.boolean().optional(),
    service_tier: z.string().optional(),
    user: z.string().optional(),
  })
  .superRefine((request, context) => {
    checkToolSequence(request.messages, context);
    if (request.tool_choice !== undefined && request.tools === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['tool_choice'],
        message: 'tool_choice is only allowed when tools are specified',
      });
    }
    if (request.stream_options !== undefined && request.stream !== true) {
      context.addIssue({
        code: 'custom',
        path: ['stream_options'],
        message: 'stream_options is only allowed when stream is true',
      });
    }
  });

/** Function (and custom) tools a Chat request declares. */
export function countChatTools(request: z.infer<typeof chatCompletionsRequestSchema>): number {
  return request.tools?.length ?? 0;
}
