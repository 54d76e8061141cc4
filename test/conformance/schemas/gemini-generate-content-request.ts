import { z } from 'zod';

// What models/{model}:generateContent accepts, strict where Gemini is strict:
// unknown fields are rejected ("Unknown name"), roles are user/model, a part
// holds exactly one kind of data, functionCall only in model turns and
// functionResponse only in the user turn right after them, one per call.

const record = z.record(z.string(), z.unknown());
const DATA_FIELDS = [
  'text',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
] as const;

const part = z
  .strictObject({
    text: z.string().optional(),
    inlineData: z.strictObject({ mimeType: z.string().min(1), data: z.string().min(1) }).optional(),
    fileData: z.strictObject({ mimeType: z.string().optional(), fileUri: z.string().min(1) }).optional(),
    functionCall: z
      .strictObject({ name: z.string().min(1), args: record.optional(), id: z.string().optional() })
      .optional(),
    functionResponse: z
      .strictObject({ name: z.string().min(1), response: record, id: z.string().optional() })
      .optional(),
    executableCode: record.optional(),
    codeExecutionResult: record.optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
  })
  .refine((value) => DATA_FIELDS.filter((field) => value[field] !== undefined).length === 1, {
    message: 'a part holds exactly one kind of data',
  });
type GeminiPart = z.infer<typeof part>;

const content = z.strictObject({ role: z.enum(['user', 'model']), parts: z.array(part).min(1) });
type GeminiContent = z.infer<typeof content>;

const functionDeclaration = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/),
  description: z.string().optional(),
  parameters: record.optional(),
  parametersJsonSchema: z.unknown().optional(),
  response: record.optional(),
  responseJsonSchema: z.unknown().optional(),
  behavior: z.string().optional(),
});

const tool = z.strictObject({
  functionDeclarations: z.array(functionDeclaration).optional(),
  googleSearch: record.optional(),
  googleSearchRetrieval: record.optional(),
  codeExecution: record.optional(),
  urlContext: record.optional(),
});

const generationConfig = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  candidateCount: z.number().int().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  stopSequences: z.array(z.string()).max(5).optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  seed: z.number().int().optional(),
  responseMimeType: z.string().optional(),
  responseSchema: record.optional(),
  responseJsonSchema: z.unknown().optional(),
  thinkingConfig: z
    .strictObject({
      includeThoughts: z.boolean().optional(),
      thinkingBudget: z.number().int().optional(),
      thinkingLevel: z.string().optional(),
    })
    .optional(),
});

function checkFunctionTurns(contents: GeminiContent[], context: z.RefinementCtx): void {
  const calls = (entry: GeminiContent | undefined): GeminiPart[] =>
    entry?.role === 'model' ? entry.parts.filter((item) => item.functionCall) : [];
  contents.forEach((entry, index) => {
    const responses = entry.parts.filter((item) => item.functionResponse);
    if (entry.role === 'model' && responses.length > 0)
      context.addIssue({
        code: 'custom',
        path: ['contents', index],
        message: 'functionResponse in a model turn',
      });
    if (entry.role === 'user' && entry.parts.some((item) => item.functionCall))
      context.addIssue({ code: 'custom', path: ['contents', index], message: 'functionCall in a user turn' });
    const asked = calls(contents[index - 1]);
    if (entry.role === 'user' && (asked.length > 0 || responses.length > 0)) {
      const askedNames = asked.map((item) => item.functionCall?.name).sort();
      const answeredNames = responses.map((item) => item.functionResponse?.name).sort();
      if (JSON.stringify(askedNames) !== JSON.stringify(answeredNames)) {
        context.addIssue({
          code: 'custom',
          path: ['contents', index],
          message: `function calls [${askedNames.join(', ')}] answered by [${answeredNames.join(', ')}]`,
        });
      }
    }
    if (entry.role === 'model' && calls(contents[index - 1]).length > 0)
      context.addIssue({
        code: 'custom',
        path: ['contents', index],
        message: 'a model turn follows unanswered function calls',
      });
  });
}

export const geminiGenerateContentRequestSchema = z
  .strictObject({
    contents: z.array(content).min(1),
    systemInstruction: z
      .strictObject({
        role: z.string().optional(),
        parts: z.array(z.strictObject({ text: z.string() })).min(1),
      })
      .optional(),
    tools: z.array(tool).optional(),
    toolConfig: z
      .strictObject({
        functionCallingConfig: z.strictObject({
          mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED']),
          allowedFunctionNames: z.array(z.string()).optional(),
        }),
      })
      .optional(),
    generationConfig: generationConfig.optional(),
    safetySettings: z.array(record).optional(),
    cachedContent: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((request, context) => checkFunctionTurns(request.contents, context));

export function countGeminiTools(request: z.infer<typeof geminiGenerateContentRequestSchema>): number {
  return (request.tools ?? []).reduce((sum, entry) => sum + (entry.functionDeclarations?.length ?? 0), 0);
}
