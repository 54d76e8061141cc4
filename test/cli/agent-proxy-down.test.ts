import { afterEach, describe, expect, it } from 'vitest';
import { createAgentSandbox, ROUTE_KEY, runAis, type AgentSandbox } from '../helpers/agent-sandbox';

describe.skipIf(process.platform === 'win32')('ais agent when AI Switch is not running', () => {
  let sandbox: AgentSandbox | undefined;
  afterEach(async () => {
    if (sandbox) await runAis(['stop'], { env: sandbox.env });
    sandbox = undefined;
  });

  it('says how to start it, in one line, without --start', async () => {
    sandbox = createAgentSandbox();
    const result = await runAis(['agent', ROUTE_KEY, 'claude'], { env: sandbox.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `ais: AI Switch is not running (no run.json in ${sandbox.aisHome}): start it with \`ais serve -d\`, or add --start\n`,
    );
    expect(result.stdout).toBe('');
  });

  it('starts it in the background with --start, then runs the agent against it', async () => {
    sandbox = createAgentSandbox();
    const hashes = sandbox.hashUserFiles();
    const result = await runAis(['agent', '--start', ROUTE_KEY, 'gemini', '-p', 'hi'], { env: sandbox.env });
    expect(result.stderr).toBe('fake gemini on stderr\n');
    expect(result.code).toBe(0);
    const status = await runAis(['status', '--json'], { env: sandbox.env });
    expect(status.code).toBe(0);
    const answer = JSON.parse(status.stdout) as { running: boolean; url: string };
    expect(answer.running).toBe(true);
    expect(sandbox.record('gemini').env.GOOGLE_GEMINI_BASE_URL).toBe(answer.url);
    expect(sandbox.hashUserFiles()).toEqual(hashes);
  });
});
