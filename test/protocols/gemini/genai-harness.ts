import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleGenAI, type GenerateContentResponse } from '@google/genai';

/**
 * A loopback server that answers every request with one canned body, so the
 * real @google/genai client parses exactly the bytes our encoders wrote.
 */
export interface CannedServer {
  baseUrl: string;
  /** The body and content type the next request gets. */
  respond(body: string, contentType: string): void;
  /** Request bodies received, parsed. */
  requests: unknown[];
  close(): Promise<void>;
}

export async function startCannedServer(): Promise<CannedServer> {
  let next = { body: '{}', contentType: 'application/json' };
  const requests: unknown[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      response.writeHead(200, { 'content-type': next.contentType });
      response.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    respond(body, contentType) {
      next = { body, contentType };
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export function createGenAI(server: CannedServer): GoogleGenAI {
  return new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.baseUrl } });
}

/** What a Gemini client sees in a response, normalised for comparison. */
export interface ClientView {
  text: string;
  thoughts: string;
  functionCalls: { name: string | undefined; args: unknown }[];
  signatures: string[];
  finishReason: string | undefined;
  usage: { prompt: number; candidates: number; thoughts: number; cached: number; total: number } | undefined;
}

export function summarize(responses: GenerateContentResponse[]): ClientView {
  const view: ClientView = {
    text: '',
    thoughts: '',
    functionCalls: [],
    signatures: [],
    finishReason: undefined,
    usage: undefined,
  };
  for (const response of responses) {
    const candidate = response.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thoughtSignature) view.signatures.push(part.thoughtSignature);
      if (typeof part.text === 'string') {
        if (part.thought) view.thoughts += part.text;
        else view.text += part.text;
      }
      if (part.functionCall && part.functionCall.name) {
        view.functionCalls.push({ name: part.functionCall.name, args: part.functionCall.args ?? {} });
      }
    }
    if (candidate?.finishReason) view.finishReason = candidate.finishReason;
    const usage = response.usageMetadata;
    if (usage?.promptTokenCount !== undefined) {
      view.usage = {
        prompt: usage.promptTokenCount,
        candidates: usage.candidatesTokenCount ?? 0,
        thoughts: usage.thoughtsTokenCount ?? 0,
        cached: usage.cachedContentTokenCount ?? 0,
        total: usage.totalTokenCount ?? 0,
      };
    }
  }
  return view;
}

export async function streamThroughSdk(
  server: CannedServer,
  body: string,
): Promise<GenerateContentResponse[]> {
  server.respond(body, 'text/event-stream');
  const stream = await createGenAI(server).models.generateContentStream({
    model: 'gemini-test',
    contents: 'hi',
  });
  const responses: GenerateContentResponse[] = [];
  for await (const response of stream) responses.push(response);
  return responses;
}
