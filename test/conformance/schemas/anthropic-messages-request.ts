import { z } from 'zod';

// What POST /v1/messages accepts, strict where Anthropic is strict: roles
// user/assistant alternating from a user turn, non-empty text, tool_use input
// objects, each assistant tool_use answered by a tool_result at the start of
// the very next user message, signed thinking blocks, budget rules.

const cacheControl = z
  .strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() })
  .optional();

const text = z.strictObject({
  type: z.literal('text'),
  text: z.string().min(1),
  cache_control: cacheControl,
  citations: z.array(z.unknown()).nullable().optional(),
});
const imageSource = z.union([
  z.strictObject({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string().min(1),
  }),
  z.strictObject({ type: z.literal('url'), url: z.string().url() }),
  z.strictObject({ type: z.literal('file'), file_id: z.string().min(1) }),
]);
const image = z.strictObject({ type: z.literal('image'), source: imageSource, cache_control: cacheControl });
const document = z.strictObject({
  type: z.literal('document'),
  source: z.object({ type: z.enum(['base64', 'url', 'text', 'content', 'file']) }).passthrough(),
  title: z.string().optional(),
  context: z.string().optional(),
  citations: z.unknown().optional(),
  cache_control: cacheControl,
});
const toolUse = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().regex(/^[a-zA-Z0-9_-]+$/),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});
const toolResult = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().regex(/^[a-zA-Z0-9_-]+$/),
  content: z.union([z.string(), z.array(z.union([text, image, document]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});
const thinking = z.strictObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().min(1),
});
const redactedThinking = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string().min(1) });

const userBlock = z.union([text, image, document, toolResult]);
const assistantBlock = z.union([text, toolUse, thinking, redactedThinking]);

const message = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('user'),
    content: z.union([z.string().min(1), z.array(userBlock).min(1)]),
  }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(assistantBlock).min(1)]),
  }),
]);
type AnthropicMessage = z.infer<typeof message>;

const tool = z.union([
  z.strictObject({
    type: z.literal('custom').optional(),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/),
    description: z.string().optional(),
    input_schema: z.object({ type: z.literal('object') }).passthrough(),
    cache_control: cacheControl,
    strict: z.boolean().optional(),
  }),
  // Server tools (web_search_20250305, code_execution_…): versioned type names.
  z.object({ type: z.string().regex(/_\d{8}$/), name: z.string().min(1) }).passthrough(),
]);

const toolChoice = z.union([
  z.strictObject({ type: z.enum(['auto', 'any']), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('tool'),
    name: z.string().min(1),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
]);

const thinkingConfig = z.union([
  z.strictObject({
    type: z.literal('enabled'),
    budget_tokens: z.number().int().min(1024),
    display: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('disabled') }),
  z.strictObject({ type: z.literal('adaptive'), display: z.string().optional() }),
]);

function blocksOf(entry: AnthropicMessage): { type: string; id?: string; tool_use_id?: string }[] {
  return typeof entry.content === 'string' ? [{ type: 'text' }] : entry.content;
}

/** Alternation from a user turn, and tool_use → tool_result in the very next user message, results first. */
function checkTurns(messages: AnthropicMessage[], context: z.RefinementCtx): void {
  messages.forEach((entry, index) => {
    const expected = index % 2 === 0 ? 'user' : 'assistant';
    if (entry.role !== expected)
      context.addIssue({
        code: 'custom',
        path: ['messages', index, 'role'],
        message: `expected a ${expected} turn here (roles must alternate, starting with user)`,
      });
    const blocks = blocksOf(entry);
    const previous = index > 0 ? messages[index - 1] : undefined;
    const asked =
      previous?.role === 'assistant'
        ? blocksOf(previous).flatMap((block) => (block.type === 'tool_use' && block.id ? [block.id] : []))
        : [];
    if (entry.role === 'user') {
      const answered = blocks.flatMap((block) =>
        block.type === 'tool_result' && block.tool_use_id ? [block.tool_use_id] : [],
      );
      const missing = asked.filter((id) => !answered.includes(id));
      const orphan = answered.filter((id) => !asked.includes(id));
      if (missing.length > 0)
        context.addIssue({
          code: 'custom',
          path: ['messages', index],
          message: `tool_use ids ${missing.join(', ')} have no tool_result in the next user message`,
        });
      if (orphan.length > 0)
        context.addIssue({
          code: 'custom',
          path: ['messages', index],
          message: `tool_result for ${orphan.join(', ')} answers no tool_use of the previous assistant message`,
        });
      const firstOther = blocks.findIndex((block) => block.type !== 'tool_result');
      if (firstOther !== -1 && blocks.slice(firstOther).some((block) => block.type === 'tool_result')) {
        context.addIssue({
          code: 'custom',
          path: ['messages', index],
          message: 'tool_result blocks must come before any other content',
        });
      }
    } else if (asked.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['messages', index],
        message: 'an assistant turn follows an assistant turn with tool_use',
      });
    }
  });
  const last = messages.at(-1);
  if (last?.role === 'assistant' && blocksOf(last).some((block) => block.type === 'tool_use')) {
    context.addIssue({
      code: 'custom',
      path: ['messages'],
      message: 'the conversation ends with unanswered tool_use',
    });
  }
}

export const anthropicMessagesRequestSchema = z
  .strictObject({
    model: z.string().min(1),
    max_tokens: z.number().int().positive(),
    messages: z.array(message).min(1),
    system: z.union([z.string(), z.array(text)]).optional(),
    tools: z.array(tool).optional(),
    tool_choice: toolChoice.optional(),
    thinking: thinkingConfig.optional(),
    stream: z.boolean().optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().positive().optional(),
    stop_sequences: z.array(z.string()).optional(),
    metadata: z.strictObject({ user_id: z.string().max(256).optional() }).optional(),
    service_tier: z.enum(['auto', 'standard_only']).optional(),
    output_config: z.object({}).passthrough().optional(),
    context_management: z.object({}).passthrough().optional(),
    container: z.unknown().optional(),
  })
  .superRefine((request, context) => {
    checkTurns(request.messages, context);
    if (request.thinking?.type === 'enabled' && request.thinking.budget_tokens >= request.max_tokens) {
      context.addIssue({
        code: 'custom',
        path: ['thinking', 'budget_tokens'],
        message: 'budget_tokens must be below max_tokens',
      });
    }
    if (
      request.thinking &&
      request.thinking.type !== 'disabled' &&
      (request.tool_choice?.type === 'any' || request.tool_choice?.type === 'tool')
    ) {
      context.addIssue({
        code: 'custom',
        path: ['tool_choice'],
        message: 'thinking may not be used when tool_choice forces tool use',
      });
    }
  });

/** Client tools (not server tools) an Anthropic request declares. */
export function countAnthropicTools(request: z.infer<typeof anthropicMessagesRequestSchema>): number {
  return (request.tools ?? []).filter((tool) => !/_\d{8}$/.test(String(tool.type ?? ''))).length;
}
