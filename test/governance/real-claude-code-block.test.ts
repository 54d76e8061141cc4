import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgentClis } from '../helpers/agent-cli-cache';
import { runAis } from '../helpers/agent-sandbox';
import { startToolRoundTripUpstream, type ToolRoundTripUpstream } from '../helpers/tool-round-trip-upstream';

/*
 * The real Claude Code, launched by `ais agent` through `ais serve -d`, asked by
 * an Anthropic provider to run `rm -rf` on a real folder: the guardrail puts a
 * refusal in place of the `Bash` call, Claude Code reads it as the assistant's
 * answer (no tool ran, no tool result), and a follow-up turn continues the same
 * conversation to the provider's final answer. A control turn whose command the
 * rule does not match shows that this Claude Code does run the commands it is
 * given, so the folder surviving means the block worked.
 */
const BLOCKED_TASK = 'BLOCKED-TASK: clean up the victim folder.';
const CONTROL_TASK = 'CONTROL-TASK: clean up the control folder.';
const FOLLOW_UP = 'FOLLOW-UP: what happened to the cleanup?';
const FINAL_ANSWER = 'FINAL-ANSWER-4412: the cleanup was refused, nothing was deleted.';
const REFUSAL = 'was blocked and did not run';
const RULE = 'no recursive force delete';

type Json = Record<string, unknown>;
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const textOf = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : asArray(value)
        .map((part) => (typeof part.text === 'string' ? part.text : ''))
        .join('\n');
/** The latest user turn's text (Claude Code may put a `system` role message after it). */
const lastUserText = (body: Json): string =>
  textOf(
    asArray(body.messages)
      .filter((message) => message.role === 'user')
      .at(-1)?.content,
  );
const partsOf = (body: Json): Json[] => asArray(body.messages).flatMap((message) => asArray(message.content));

describe.skipIf(process.platform === 'win32')('a blocked Bash call seen by the real Claude Code', () => {
  let bin: string | undefined;
  let skipReason = '';
  const cleanups: (() => Promise<unknown>)[] = [];
  let upstream: ToolRoundTripUpstream;
  let env: NodeJS.ProcessEnv;
  let aisHome = '';
  let work = '';
  let victim = '';
  let control = '';
  const routeKey = 'ais-guard-claude-route';

  beforeAll(async () => {
    const found = await ensureAgentClis();
    if (!('bin' in found)) {
      skipReason = found.reason;
      return;
    }
    bin = found.bin;
    const root = mkdtempSync(path.join(tmpdir(), 'ais-guard-claude-'));
    const home = path.join(root, 'home');
    aisHome = path.join(root, 'ais-home');
    work = path.join(root, 'work');
    victim = path.join(root, 'victim');
    control = path.join(root, 'control');
    for (const directory of [home, aisHome, work, victim, control]) mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(victim, 'precious.txt'), 'keep me\n');
    writeFileSync(path.join(control, 'scratch.txt'), 'delete me\n');

    upstream = await startToolRoundTripUpstream('anthropic', {
      chooseCall(tools, body) {
        if (!tools.has('Bash')) return undefined;
        const asked = lastUserText(body);
        if (asked.includes('FOLLOW-UP')) return { text: FINAL_ANSWER };
        if (asked.includes('BLOCKED-TASK')) return { name: 'Bash', input: { command: `rm -rf ${victim}` } };
        if (asked.includes('CONTROL-TASK')) return { name: 'Bash', input: { command: `rm -r ${control}` } };
        return undefined;
      },
      answer: (result) => `CONTROL-DONE: ${result.slice(0, 80)}`,
    });
    cleanups.push(() => upstream.close());
    writeFileSync(
      path.join(aisHome, 'config.yaml'),
      [
        'server:\n  port: 0',
        `providers:\n  scripted:\n    base_url: ${upstream.url}\n    api_key: sk-scripted-upstream-0000\n    format: anthropic`,
        `routes:\n  ${routeKey}:\n    provider: scripted\n    default_model: scripted-model`,
        `guardrails:\n  intercept:\n    - { name: ${RULE}, target: tool_call, tools: [Bash], match: command, pattern: "rm -rf", action: block }`,
        '',
      ].join('\n'),
    );
    env = {
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      AIS_HOME: aisHome,
      AIS_LOG_LEVEL: 'warn',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      NO_COLOR: '1',
      TERM: 'dumb',
    };
    const started = await runAis(['serve', '-d'], { env });
    expect(started.code, started.stderr).toBe(0);
    cleanups.push(() => runAis(['stop'], { env }));
  }, 20 * 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  // Bash is allowed up front: without it `claude -p` would refuse every command itself.
  // The flag's value list is variadic, so the prompt goes before it.
  const claude = (prompt: string, ...flags: string[]) =>
    runAis(['agent', routeKey, 'claude', '-p', prompt, ...flags, '--allowedTools', 'Bash'], {
      env,
      cwd: work,
      timeoutMs: 180_000,
    });
  const describeRun = (result: Awaited<ReturnType<typeof claude>>) =>
    `exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr.slice(-2000)}\nupstream saw: ${upstream.requests.map((request) => `${request.path} last user: ${lastUserText(request.body).slice(-60)}`).join(' | ')}`;

  it('control: a command the rule does not match runs (this Claude Code executes what it is asked)', async (context) => {
    if (!bin) return context.skip(skipReason);
    const result = await claude(CONTROL_TASK);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout, describeRun(result)).toContain('CONTROL-DONE');
    expect(existsSync(control), describeRun(result)).toBe(false);
  }, 240_000);

  it('the rm -rf call is refused, nothing runs, and the conversation continues to the final answer', async (context) => {
    if (!bin) return context.skip(skipReason);
    const seenBefore = upstream.requests.length;
    const first = await claude(BLOCKED_TASK);
    // (c) Claude Code ended its turn on the refusal: it exited cleanly and printed it.
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout, describeRun(first)).toContain(REFUSAL);
    expect(first.stdout, describeRun(first)).toContain(RULE);
    // (a) The command never ran.
    expect(existsSync(path.join(victim, 'precious.txt')), describeRun(first)).toBe(true);
    const blockedTurn = upstream.requests
      .slice(seenBefore)
      .filter((request) => lastUserText(request.body).includes('BLOCKED-TASK'));
    expect(blockedTurn.length, describeRun(first)).toBeGreaterThan(0);

    // (b) The next turn of the same conversation carries the refusal as the assistant's answer and no tool result.
    const seenBeforeFollowUp = upstream.requests.length;
    const second = await claude(FOLLOW_UP, '--continue');
    expect(second.code, describeRun(second)).toBe(0);
    expect(second.stdout, describeRun(second)).toContain(FINAL_ANSWER);
    const followUp = upstream.requests
      .slice(seenBeforeFollowUp)
      .find((request) => lastUserText(request.body).includes('FOLLOW-UP'));
    expect(followUp, describeRun(second)).toBeDefined();
    const messages = asArray(followUp!.body.messages);
    expect(
      messages.some((message) => message.role === 'user' && textOf(message.content).includes('BLOCKED-TASK')),
    ).toBe(true);
    const refusalTurn = messages.find(
      (message) => message.role === 'assistant' && textOf(message.content).includes(REFUSAL),
    );
    expect(refusalTurn, JSON.stringify(messages).slice(0, 3000)).toBeDefined();
    const parts = partsOf(followUp!.body);
    expect(parts.filter((part) => part.type === 'tool_use')).toEqual([]);
    expect(parts.filter((part) => part.type === 'tool_result')).toEqual([]);
    expect(existsSync(path.join(victim, 'precious.txt'))).toBe(true);

    // (d) The trace of the blocked turn carries the intercept warning.
    const database = new Database(path.join(aisHome, 'ais.db'), { readonly: true, fileMustExist: true });
    try {
      let warnings: { code: string; message: string }[] = [];
      for (let waited = 0; waited < 3_000 && warnings.length === 0; waited += 50) {
        const rows = database.prepare("SELECT warnings FROM traces WHERE state = 'done'").all() as {
          warnings: string;
        }[];
        warnings = rows
          .flatMap((row) => JSON.parse(row.warnings) as { code: string; message: string }[])
          .filter((warning) => warning.code === 'guardrail-blocked');
        if (warnings.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toContain(`"${RULE}"`);
      expect(warnings[0]!.message).toContain(`rm -rf ${victim}`);
    } finally {
      database.close();
    }
  }, 400_000);
});
