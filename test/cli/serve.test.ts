import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { REPO_ROOT, FIXTURES } from '../helpers/fixtures';
import { sseFramesOf, startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

const run = promisify(execFile);
const AIS = path.join(REPO_ROOT, 'bin/ais.js');

function chatConfig(upstreamUrl: string, model = 'deepseek-chat'): string {
  return `# my provider, keep this comment
providers:
  deepseek:
    base_url: ${upstreamUrl}
    api_key: sk-serve-test-0123456789
routes:
  ais-test:
    provider: deepseek
    default_model: ${model}
`;
}

describe('ais serve', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serve(configText: string): Promise<AisProcess> {
    const ais = await startAis(configText);
    cleanup.push(() => ais.stop());
    return ais;
  }

  async function upstreamWith(reply: Parameters<typeof startScriptedUpstream>[0]): Promise<ScriptedUpstream> {
    const upstream = await startScriptedUpstream(reply);
    cleanup.push(() => upstream.close());
    return upstream;
  }

  it('creates a default config on first run, prints its URL and answers the probes', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-first-run-'));
    const child = spawn(process.execPath, [AIS, '--port', '0'], {
      env: { ...process.env, AIS_HOME: home, AIS_LOG_LEVEL: 'warn' },
    });
    cleanup.push(async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /AI Switch (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect(existsSync(path.join(home, 'config.yaml'))).toBe(true);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const probe = await fetch(url, { method: 'HEAD' });
    expect(probe.status).toBe(200);
    expect((await fetch(url)).status).toBe(200);
    expect(
      readdirSync(path.join(home, 'logs')).some((name) => /^ais-\d{4}-\d{2}-\d{2}\.log$/.test(name)),
    ).toBe(true);
  });

  it('refuses a port in use with one line and exit code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => blocker.close(resolve)));
    const port = (blocker.address() as net.AddressInfo).port;
    const home = mkdtempSync(path.join(tmpdir(), 'ais-port-'));
    const failure = await run(process.execPath, [AIS, 'serve', '--port', String(port)], {
      env: { ...process.env, AIS_HOME: home, AIS_LOG_LEVEL: 'error' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    const stderr = (failure as { stderr: string }).stderr.trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain(`port ${port} is already in use`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a second `ais serve` on the same home, naming the first, with exit code 1', async () => {
    const first = await startAis('providers: {}\nroutes: {}\n');
    cleanup.push(() => first.stop().then(() => undefined));
    const failure = await run(process.execPath, [AIS, 'serve', '--port', '0'], {
      env: { ...process.env, AIS_HOME: first.home, AIS_LOG_LEVEL: 'error' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    const stderr = (failure as { stderr: string }).stderr.trim();
    expect(stderr).toContain(
      `AI Switch is already running on ${first.home} (pid ${first.child.pid}, ${first.url}`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    // The first one is untouched and still owns run.json.
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    expect(JSON.parse(readFileSync(path.join(first.home, 'run.json'), 'utf8'))).toMatchObject({
      pid: first.child.pid,
      url: first.url,
    });
  });

  it('rejects a bad --port and an unusable config file without a stack trace', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-bad-'));
    const badPort = await run(process.execPath, [AIS, 'serve', '--port', 'http'], {
      env: { ...process.env, AIS_HOME: home },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(badPort).toMatchObject({ code: 1 });
    expect((badPort as { stderr: string }).stderr).toContain('--port must be a number');

    const file = path.join(home, 'broken.yaml');
    writeFileSync(file, 'routes:\n  r:\n    provider: nowhere\n');
    const broken = await run(process.execPath, [AIS, 'serve', '-c', file, '--port', '0'], {
      env: { ...process.env, AIS_HOME: home },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(broken).toMatchObject({ code: 1 });
    expect((broken as { stderr: string }).stderr).toContain('routes.r.provider');
    expect((broken as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });

  it('starts from the newest valid backup when the config file is corrupt, and says so', async () => {
    const upstream = await upstreamWith(() => ({ kind: 'json', body: {} }));
    const ais = await serve(chatConfig(upstream.url));
    await ais.stop();
    // A backup as the app's saves name them (config-<UTC date>-<time>-<ms>.yaml).
    const backups = path.join(ais.home, 'backups');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(backups, { recursive: true });
    writeFileSync(
      path.join(backups, 'config-20260101-000000-000.yaml'),
      chatConfig(upstream.url, 'from-backup'),
    );
    writeFileSync(path.join(ais.home, 'config.yaml'), 'providers: [this is: not valid\n');
    const child = spawn(process.execPath, [AIS, 'serve', '--port', '0'], {
      env: { ...process.env, AIS_HOME: ais.home, AIS_LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cleanup.push(async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    });
    await expect.poll(() => /AI Switch http/.test(output), { timeout: 10_000 }).toBe(true);
    expect(output).toMatch(/corrupt/i);
    expect(output).toContain('config-20260101-000000-000.yaml');
    expect(readFileSync(path.join(ais.home, 'config.yaml'), 'utf8')).toContain('from-backup');
  });

  it('lets a stream in flight finish on SIGTERM, then exits 0', async () => {
    const file = path.join(FIXTURES, 'upstream', 'openai', 'chat', 'openai-text.chunks.txt');
    const frames = sseFramesOf(file, 'chat');
    // ~300 frames at 5 ms: the stream is still running when SIGTERM arrives.
    const upstream = await upstreamWith(() => ({ kind: 'sse', frames, delayMs: 5 }));
    const ais = await serve(chatConfig(upstream.url));
    const response = await fetch(`${ais.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer ais-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = response.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = ais.stop('SIGTERM');
    const body = await text;
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(await exit).toBe(0);
    // A new connection is refused once shutdown started.
    await expect(fetch(`${ais.url}/health`)).rejects.toThrow();
  });

  it('re-reads the config on SIGHUP', async () => {
    const upstream = await upstreamWith(() => ({
      kind: 'json',
      body: {
        id: 'x',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      },
    }));
    const ais = await serve(chatConfig(upstream.url, 'model-before'));
    const ask = () =>
      fetch(`${ais.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer ais-test', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'anything', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await ask()).status).toBe(200);
    expect(upstream.requests.at(-1)?.json.model).toBe('model-before');
    writeFileSync(path.join(ais.home, 'config.yaml'), chatConfig(upstream.url, 'model-after'));
    ais.child.kill('SIGHUP');
    await expect
      .poll(
        async () => {
          await ask();
          return upstream.requests.at(-1)?.json.model;
        },
        { timeout: 5_000 },
      )
      .toBe('model-after');
  });

  it('prints its version', async () => {
    const { stdout } = await run(process.execPath, [AIS, 'version']);
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(stdout.trim()).toBe(`ais ${version}`);
  });
});
