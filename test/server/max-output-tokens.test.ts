import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, loadClientCaptures } from '../helpers/fixtures';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import { replayCapture } from '../helpers/replay-capture';
import { sseFramesOf, startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// Claude Code asks for 64000 output tokens on every request; providers whose
// models allow fewer answer 400. `max_output_tokens` lowers the request.

const [claudeText] = loadClientCaptures(/^claude-text__claude-code__/);
const DEEPSEEK_STREAM = path.join(FIXTURES, 'upstream', 'deepseek', 'deepseek-text.chunks.txt');
const ANTHROPIC_STREAM = path.join(FIXTURES, 'upstream', 'anthropic', 'anthropic-text.chunks.txt');

describe('max_output_tokens', () => {
  let chat: ScriptedUpstream;
  let anthropic: ScriptedUpstream;
  let ais: AisProcess;
  let traces: TraceReader;

  beforeAll(async () => {
    chat = await startScriptedUpstream(() => ({ kind: 'sse', frames: sseFramesOf(DEEPSEEK_STREAM, 'chat') }));
    anthropic = await startScriptedUpstream(() => ({
      kind: 'sse',
      frames: sseFramesOf(ANTHROPIC_STREAM, 'anthropic'),
    }));
    ais = await startAis(`
providers:
  deepseek:
    base_url: ${chat.url}
    api_key: sk-deepseek-cap-test-0123456789
    max_output_tokens: { deepseek-chat: 8192, deepseek-reasoner: 65536 }
  claude:
    base_url: ${anthropic.url}
    api_key: sk-ant-cap-test-0123456789
    format: anthropic
    max_output_tokens: 32000
routes:
  to-deepseek: { provider: deepseek, default_model: deepseek-chat }
  to-claude: { provider: claude, default_model: claude-sonnet-4-6 }
`);
    traces = createTraceReader(ais.home);
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await chat?.close();
    await anthropic?.close();
  });

  it('lowers a converted Claude Code request to the model cap and says so on the trace', async () => {
    expect(claudeText!.body.max_tokens).toBe(64000);
    const response = await replayCapture(ais.url, claudeText!, { routeKey: 'to-deepseek' });
    expect(response.status).toBe(200);
    await response.text();
    expect(chat.requests.at(-1)!.json.max_tokens).toBe(8192);
    const [trace] = await traces.next(1);
    expect(trace!.warnings.map((warning) => warning.code)).toContain('max-output-tokens-lowered');
  });

  it('lowers a passthrough body on its own field and changes nothing else', async () => {
    const response = await replayCapture(ais.url, claudeText!, { routeKey: 'to-claude' });
    expect(response.status).toBe(200);
    await response.text();
    const sent = anthropic.requests.at(-1)!.json;
    expect(sent.max_tokens).toBe(32000);
    expect({ ...sent, max_tokens: 64000, model: claudeText!.body.model }).toEqual(claudeText!.body);
  });
});
