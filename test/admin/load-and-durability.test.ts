import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload } from '../../main/core/store/encode-payload';
import { startAis, type AisProcess } from '../helpers/ais-process';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';
import { chatCompletion, chatStreamFrames, openEvents, send, waitFor } from './admin-harness';

// The recorder's batch (create-store.ts): a SIGKILL may lose at most the batch being collected.
const MAX_BATCH = 500;
const CONCURRENCY = 16;

const promptTokensOf = (index: number): number => 10 + (index % 97);
const completionTokensOf = (index: number): number => 1 + (index % 13);

/** Usage derives from the request's index, so the test knows exactly what the provider reported. */
function replyByIndex(request: RecordedRequest): UpstreamReply {
  const messages = request.json.messages as { content: string }[];
  const index = Number(/^n=(\d+)$/.exec(messages[0]?.content ?? '')?.[1] ?? 0);
  if (request.json.stream)
    return { kind: 'sse', frames: chatStreamFrames(promptTokensOf(index), completionTokensOf(index)) };
  return { kind: 'json', body: chatCompletion(promptTokensOf(index), completionTokensOf(index)) };
}

function configFor(upstreamUrl: string, apiKey = 'sk-load-test-key-0123456789'): string {
  return `
providers:
  fake:
    base_url: ${upstreamUrl}
    api_key: ${apiKey}
    models: [m1]
routes:
  ais-chat:
    provider: fake
    default_model: m1
`;
}

interface Completed {
  index: number;
  traceId: string;
}

/** Sends requests n=0,1,2… from CONCURRENCY keep-alive workers until `total` or `shouldStop()`. */
async function drive(
  url: string,
  dispatcher: Agent,
  options: { total: number; shouldStop?: () => boolean; completed?: Completed[] },
): Promise<Completed[]> {
  // The caller may pass the array to watch progress while the load runs.
  const completed: Completed[] = options.completed ?? [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.total && !options.shouldStop?.()) {
      const index = next++;
      const stream = index % 10 === 0;
      try {
        const response = await request(`${url}/v1/chat/completions`, {
          method: 'POST',
          dispatcher,
          headers: {
            authorization: 'Bearer ais-chat',
            'content-type': 'application/json',
            'user-agent': 'load-test/1',
          },
          body: JSON.stringify({
            model: 'm1',
            stream,
            ...(stream && { stream_options: { include_usage: true } }),
            messages: [{ role: 'user', content: `n=${index}` }],
          }),
        });
        const text = await response.body.text();
        if (response.statusCode === 200 && (!stream || text.includes('[DONE]'))) {
          completed.push({ index, traceId: String(response.headers['x-request-id']) });
        }
      } catch {
        // The server went away mid-request (the kill tests); that request did not complete.
        if (options.shouldStop === undefined) throw new Error(`request ${index} failed`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return completed;
}

function openDatabase(home: string): Database.Database {
  return new Database(path.join(home, 'ais.db'), { readonly: false });
}

describe('load and durability through ais serve', () => {
  let upstream: ScriptedUpstream;
  let ais: AisProcess | undefined;
  let dispatcher: Agent | undefined;

  beforeAll(async () => {
    upstream = await startScriptedUpstream(replyByIndex);
  });
  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
    await ais?.stop('SIGKILL');
    ais = undefined;
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it('10,000 requests → 10,000 traces, usage sums exactly what the provider reported', async () => {
    ais = await startAis(configFor(upstream.url));
    const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
    dispatcher = agent;
    const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
    const started = performance.now();
    const completed = await drive(ais.url, agent, { total: 10_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(completed).toHaveLength(10_000);
    console.log(
      `10,000 proxied requests in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)}/s at concurrency ${CONCURRENCY})`,
    );

    const expectedInput = completed.reduce((sum, { index }) => sum + promptTokensOf(index), 0);
    const expectedOutput = completed.reduce((sum, { index }) => sum + completionTokensOf(index), 0);
    // Wait for the recorder to drain, then read usage through the admin API.
    for (let tries = 0; tries < 100; tries += 1) {
      const status = (await send(ais.url, { path: '/api/status', token })).json as {
        recorder: { queued: number; written: number };
      };
      if (status.recorder.queued === 0 && status.recorder.written >= 10_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const day = 86_400_000;
    const usage = await send(ais.url, {
      path: `/api/usage?from=${Date.now() - day}&to=${Date.now() + day}&groupBy=provider`,
      token,
    });
    expect((usage.json as { rows: unknown[] }).rows).toEqual([
      expect.objectContaining({
        key: 'fake',
        requests: 10_000,
        successes: 10_000,
        errors: 0,
        inputTokens: expectedInput,
        outputTokens: expectedOutput,
      }),
    ]);
    const metrics = (await send(ais.url, { path: '/metrics', token })).text;
    expect(metrics).toMatch(
      new RegExp(`^ais_tokens_total\\{type="input",provider="fake",model="m1"\\} ${expectedInput}$`, 'm'),
    );
    expect(metrics).toMatch(/^ais_recorder_dropped_traces_total 0$/m);

    expect(await ais.stop('SIGTERM')).toBe(0);
    const db = openDatabase(ais.home);
    const totals = db
      .prepare(
        'SELECT COUNT(*) AS traces, SUM(input_tokens) AS input, SUM(output_tokens) AS output FROM traces',
      )
      .get();
    const ids = new Set((db.prepare('SELECT id FROM traces').all() as { id: string }[]).map((row) => row.id));
    db.close();
    expect(totals).toEqual({ traces: 10_000, input: expectedInput, output: expectedOutput });
    expect(completed.every(({ traceId }) => ids.has(traceId))).toBe(true);
  }, 60_000);

  it('SIGKILL during load: the database opens, integrity ok, at most the last batch missing', async () => {
    ais = await startAis(configFor(upstream.url));
    const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
    dispatcher = agent;
    let killed = false;
    const progress: Completed[] = [];
    const load = drive(ais.url, agent, { total: 1_000_000, shouldStop: () => killed, completed: progress });
    // Killed mid-load, once enough requests went through for the check to mean something, however slow the machine.
    await waitFor(() => progress.length > 300, 30_000);
    ais.child.kill('SIGKILL');
    killed = true;
    const completed = await load;
    expect(await ais.stop()).toBeNull();
    expect(completed.length).toBeGreaterThan(300);

    const db = openDatabase(ais.home);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = new Set((db.prepare('SELECT id FROM traces').all() as { id: string }[]).map((row) => row.id));
    db.close();
    const missing = completed.filter(({ traceId }) => !ids.has(traceId)).length;
    console.log(`SIGKILL after ${completed.length} completed requests: ${missing} traces missing`);
    expect(missing).toBeLessThanOrEqual(MAX_BATCH);
  }, 60_000);

  it('SIGTERM during load: every completed request has its trace', async () => {
    ais = await startAis(configFor(upstream.url));
    const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
    dispatcher = agent;
    let stopping = false;
    const progress: Completed[] = [];
    const load = drive(ais.url, agent, {
      total: 1_000_000,
      shouldStop: () => stopping && Date.now() > stopAt + 3_000,
      completed: progress,
    });
    let stopAt = Number.POSITIVE_INFINITY;
    await waitFor(() => progress.length > 300, 30_000);
    stopAt = Date.now();
    stopping = true;
    const exitCode = await ais.stop('SIGTERM');
    const completed = await load;
    expect(exitCode).toBe(0);
    expect(completed.length).toBeGreaterThan(300);

    const db = openDatabase(ais.home);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = new Set(
      (db.prepare("SELECT id FROM traces WHERE state = 'done'").all() as { id: string }[]).map(
        (row) => row.id,
      ),
    );
    db.close();
    expect(completed.filter(({ traceId }) => !ids.has(traceId))).toEqual([]);
  }, 60_000);

  it('a planted provider key never reaches the database, the logs or any admin API output', async () => {
    const planted = 'sk-PLANTED-7f3a9c2e4b1d8f6a0c5e';
    // A provider that echoes the key back, and a user who pastes it into a prompt: the worst case.
    const echo = await startScriptedUpstream((recorded) => ({
      kind: 'json',
      body: chatCompletion(5, 2, `you sent ${String(recorded.headers.authorization)}`),
    }));
    try {
      ais = await startAis(configFor(echo.url, planted));
      const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
      const events = await openEvents(ais.url, token);
      const proxied = await send(ais.url, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: 'Bearer ais-chat' },
        body: { model: 'm1', messages: [{ role: 'user', content: `my key is ${planted}` }] },
      });
      expect(proxied.status).toBe(200);
      expect(echo.requests[0]!.headers.authorization).toBe(`Bearer ${planted}`);
      const failing = await send(ais.url, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: 'Bearer ais-chat' },
        body: { model: 'm1', messages: 'not an array', note: planted },
      });
      expect(failing.status).toBe(400);

      for (let tries = 0; tries < 50 && events.events.length < 2; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 200)); // one recorder flush
      const list = await send(ais.url, { path: '/api/traces', token });
      const ids = (list.json as { items: { id: string }[] }).items.map((item) => item.id);
      expect(ids).toHaveLength(2);
      const outputs = [
        list.text,
        JSON.stringify(events.events),
        ...(await Promise.all(ids.map((id) => send(ais!.url, { path: `/api/traces/${id}`, token })))).map(
          (answer) => answer.text,
        ),
        (await send(ais.url, { path: '/api/config', token })).text,
        (await send(ais.url, { path: '/api/status', token })).text,
        (await send(ais.url, { path: '/metrics', token })).text,
        (await send(ais.url, { method: 'POST', path: '/api/providers/fake/test', token, body: {} })).text,
      ];
      const detail = outputs[2]!;
      expect(detail).toContain('<redacted:…0c5e>');
      for (const output of outputs) expect(output).not.toContain(planted);
      // The one call made to reveal it does.
      expect(
        (await send(ais.url, { method: 'POST', path: '/api/providers/fake/reveal-key', token })).json,
      ).toMatchObject({ apiKey: planted });
      events.close();

      expect(await ais.stop('SIGTERM')).toBe(0);
      expect(ais.output()).not.toContain(planted);
      const dbFiles = readdirSync(ais.home).filter((file) => file.startsWith('ais.db'));
      expect(dbFiles.length).toBeGreaterThan(0);
      for (const file of dbFiles)
        expect(readFileSync(path.join(ais.home, file)).includes(planted), file).toBe(false);
      const logDir = path.join(ais.home, 'logs');
      for (const file of readdirSync(logDir))
        expect(readFileSync(path.join(logDir, file), 'utf8'), file).not.toContain(planted);
    } finally {
      await echo.close();
    }
  }, 60_000);
  it('a secret in a provider custom header (a gateway token) is masked in the database like a key', async () => {
    const gatewayToken = 'cfut-PLANTED-GATEWAY-91b7e05d';
    // The gateway echoes its token into the answer, which `capture: all` stores.
    const echo = await startScriptedUpstream((recorded) => ({
      kind: 'json',
      body: chatCompletion(5, 2, `gateway saw ${String(recorded.headers['cf-aig-authorization'])}`),
    }));
    try {
      ais = await startAis(`
recording: { capture: all }
providers:
  fake:
    base_url: ${echo.url}
    api_key: sk-load-test-key-0123456789
    custom_headers: { cf-aig-authorization: "Bearer ${gatewayToken}" }
    models: [m1]
routes:
  ais-chat: { provider: fake, default_model: m1 }
`);
      const proxied = await send(ais.url, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: 'Bearer ais-chat' },
        body: { model: 'm1', messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(proxied.text).toContain(gatewayToken);
      expect(await ais.stop('SIGTERM')).toBe(0);
      // Payloads may be compressed: read them back as the store decodes them.
      const db = new Database(path.join(ais.home, 'ais.db'), { readonly: true });
      const stored = db
        .prepare<
          [],
          {
            kind: string;
            is_text: number;
            encoding: string;
            original_bytes: number;
            truncated: number;
            data: Buffer;
          }
        >('SELECT kind, is_text, encoding, original_bytes, truncated, data FROM trace_payloads')
        .all()
        .map((row) =>
          JSON.stringify(
            decodePayload({
              isText: row.is_text === 1,
              encoding: row.encoding,
              originalBytes: row.original_bytes,
              truncated: row.truncated === 1,
              data: row.data,
            }),
          ),
        );
      db.close();
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.join('\n')).toContain('gateway saw');
      for (const body of stored) expect(body).not.toContain(gatewayToken);
    } finally {
      await echo.close();
    }
  }, 60_000);
});
