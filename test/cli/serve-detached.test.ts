import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAis } from '../helpers/agent-sandbox';
import { startToolRoundTripUpstream, type ToolRoundTripUpstream } from '../helpers/tool-round-trip-upstream';

describe.skipIf(process.platform === 'win32')(
  'ais serve -d, status, login, route explain, provider test, stop',
  () => {
    let upstream: ToolRoundTripUpstream;
    let env: NodeJS.ProcessEnv;
    let home: string;
    let url: string;

    beforeAll(async () => {
      upstream = await startToolRoundTripUpstream('chat', {
        chooseCall: () => undefined,
        answer: () => 'done',
      });
      home = mkdtempSync(path.join(tmpdir(), 'ais-detached-'));
      writeFileSync(
        path.join(home, 'config.yaml'),
        `server:\n  port: 0\nproviders:\n  scripted:\n    base_url: ${upstream.url}/v1\n    api_key: sk-scripted-0000000000\n    models: [scripted-model]\nroutes:\n  ais-detached-route:\n    provider: scripted\n    default_model: scripted-model\n`,
      );
      env = { ...process.env, AIS_HOME: home, AIS_LOG_LEVEL: 'warn' };
    });
    afterAll(async () => {
      await runAis(['stop'], { env });
      await upstream.close();
    });

    it('starts in the background and returns once it answers; a second -d says it already runs', async () => {
      const started = await runAis(['serve', '-d'], { env });
      expect(started.code, started.stderr).toBe(0);
      url = /^AI Switch (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+), in the background\)$/m.exec(
        started.stdout,
      )?.[1] as string;
      expect(url).toBeDefined();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(existsSync(path.join(home, 'run.json'))).toBe(true);
      const again = await runAis(['serve', '-d'], { env });
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(
        new RegExp(`^AI Switch is already running at ${url} \\(pid \\d+\\)\\.\\n$`),
      );
    });

    it('status reports it, login gives a link that signs a browser in', async () => {
      const status = await runAis(['status'], { env });
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(
        new RegExp(
          `^AI Switch \\S+ running at ${url} \\(pid \\d+\\)\\nUp \\d+s, config ${path.join(home, 'config.yaml')}\\nToday: 0 requests`,
        ),
      );
      const login = await runAis(['login'], { env });
      expect(login.code, login.stderr).toBe(0);
      const link = login.stdout.trim();
      expect(link.startsWith(`${url}/api/login?code=`)).toBe(true);
      const signedIn = await fetch(link, { redirect: 'manual' });
      expect(signedIn.headers.get('set-cookie')).toBeTruthy();
      const reused = await fetch(link, { redirect: 'manual' });
      expect(reused.headers.get('set-cookie')).toBeNull();
    });

    it('route explain asks the engine', async () => {
      const explained = await runAis(
        ['route', 'explain', 'ais-detached-route', '--model', 'claude-sonnet-4-5'],
        { env },
      );
      expect(explained.code, explained.stderr).toBe(0);
      expect(explained.stdout).toContain('target:   scripted / scripted-model\n');
      const unknown = await runAis(['route', 'explain', 'ais-no-such-key', '--json'], { env });
      expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false });
      expect(unknown.code).toBe(1);
    });

    it('provider test reaches the provider', async () => {
      const tested = await runAis(['provider', 'test', 'scripted'], { env });
      expect(tested.stdout, tested.stderr).toMatch(/^scripted scripted-model: ok in \d+ ms/);
      expect(tested.code).toBe(0);
      expect(upstream.requests.length).toBeGreaterThan(0);
      const missing = await runAis(['provider', 'test', 'nobody'], { env });
      expect(missing).toMatchObject({ code: 1, stderr: 'ais: there is no provider "nobody"\n' });
    });

    it('stop ends it gracefully and waits; status then exits 1', async () => {
      const stopped = await runAis(['stop'], { env });
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toMatch(/^Stopped AI Switch \(pid \d+\) in \d+\.\d s\.\n$/);
      expect(existsSync(path.join(home, 'run.json'))).toBe(false);
      expect((await runAis(['status'], { env })).code).toBe(1);
    });

    it('a start that fails says why in one line', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        const failed = await runAis(['serve', '-d', '--port', String(port)], { env });
        expect(failed.code).toBe(1);
        expect(failed.stderr.split('\n')).toHaveLength(2);
        expect(failed.stderr).toContain(`port ${port} is already in use`);
      } finally {
        blocker.close();
      }
    });
  },
);
