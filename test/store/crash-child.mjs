// Test-only child for crash-safety.test.ts: loads the real TypeScript store through
// Vite's SSR loader (Node 20 cannot run .ts), then records under load until killed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dbPath = process.argv[2];

const server = await createServer({
  root,
  configFile: false,
  logLevel: 'silent',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true },
});
const { createStore } = await server.ssrLoadModule('/main/core/store/index.ts');
const store = createStore({
  dbPath,
  captureMode: 'all',
  retentionDays: 30,
  secrets: () => [],
  batch: { maxDelayMs: 2, maxRecords: 100 },
});

let sequence = 0;
let announced = false;
const body = JSON.stringify({
  messages: Array.from({ length: 40 }, (_, index) => ({ role: 'user', content: `turn ${index}` })),
});

function recordSome() {
  for (let index = 0; index < 100; index += 1) {
    sequence += 1;
    const startedAt = Date.UTC(2025, 0, 1) + sequence * 1000;
    store.recorder.record({
      id: `child-${process.pid}-${sequence}`,
      startedAt,
      routeKeyLabel: `route-${sequence % 3}`,
      inboundProtocol: 'openai-chat',
      path: '/v1/chat/completions',
      userAgent: 'OpenAI/JS 6.49.0',
      requestedModel: 'gpt-5',
      providerId: `provider-${sequence % 4}`,
      upstreamModel: 'gpt-5',
      status: sequence % 13 === 0 ? 500 : 200,
      warnings: [],
      stream: true,
      timings: { receivedAt: startedAt, clientDoneAt: startedAt + 10 },
      attempts: [
        {
          providerId: `provider-${sequence % 4}`,
          keyIndex: 0,
          url: 'https://api.example/v1',
          status: 200,
          startedAt,
        },
      ],
      usage: {
        inputTokens: sequence,
        outputTokens: 7,
        cacheReadTokens: sequence % 5,
        cacheWriteTokens: 0,
        reasoningTokens: 1,
      },
      bodies: { clientRequest: body, clientResponse: `answer ${sequence}` },
    });
  }
  if (!announced && store.stats().written >= 2000) {
    announced = true;
    process.stdout.write('ready\n');
  }
  setImmediate(recordSome);
}
recordSome();
