import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../../main/core/config/guardrails-schema';
import { compileInterceptRules } from '../../main/core/governance/compile-intercept-rules';
import { parseShellCommand } from '../../main/core/governance/parse-shell-command';

// The five match modes, targets, tool names and action order, one rule set at a time.

const rulesOf = (intercept: unknown[]) => compileInterceptRules(guardrailsSchema.parse({ intercept }));

describe('interception rules', () => {
  it('exact, prefix and contains compare with whitespace collapsed; ignore_case folds case', () => {
    const rules = rulesOf([
      { name: 'exact', match: 'exact', pattern: 'npm publish' },
      { name: 'prefix', match: 'prefix', pattern: 'terraform destroy' },
      { name: 'contains', match: 'contains', pattern: 'DROP TABLE', ignore_case: true, action: 'warn' },
    ]);
    const names = (text: string) =>
      rules.evaluate({ target: 'tool_call', toolName: 'Bash', text }).map((match) => match.rule);
    expect(names('  npm   publish ')).toEqual(['exact']);
    expect(names('npm publish --dry-run')).toEqual([]);
    expect(names('terraform destroy -auto-approve')).toEqual(['prefix']);
    expect(names('echo terraform destroy')).toEqual([]);
    expect(names('psql -c "drop table users"')).toEqual(['contains']);
  });

  it('regex runs on RE2: a pathological pattern stays linear, backreferences are refused', () => {
    const rules = rulesOf([{ name: 'nested', match: 'regex', pattern: '^(a+)+$' }]);
    const started = performance.now();
    expect(rules.evaluate({ target: 'tool_call', toolName: 'Bash', text: `${'a'.repeat(5000)}!` })).toEqual(
      [],
    );
    expect(performance.now() - started).toBeLessThan(500);
    const refused = guardrailsSchema.safeParse({ intercept: [{ match: 'regex', pattern: '(a)\\1' }] });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('linear-time engine');
  });

  it('tool names: the shell tools by default, any named tool when listed (case-insensitive)', () => {
    const rules = rulesOf([
      { name: 'ssh-writes', tools: ['Write', 'Edit'], match: 'contains', pattern: '/.ssh/' },
      { name: 'shell', match: 'command', pattern: 'shutdown' },
    ]);
    expect(rules.watchesTool('write')).toBe(true);
    expect(rules.watchesTool('Bash')).toBe(true);
    expect(rules.watchesTool('Read')).toBe(false);
    const write = JSON.stringify({ file_path: '/home/me/.ssh/authorized_keys', content: 'x' });
    expect(rules.evaluate({ target: 'tool_call', toolName: 'Write', text: write })[0]?.rule).toBe(
      'ssh-writes',
    );
    expect(rules.evaluate({ target: 'tool_call', toolName: 'Read', text: write })).toEqual([]);
    expect(
      rules.evaluate({ target: 'tool_call', toolName: 'run_shell_command', text: 'sudo shutdown -h now' }),
    ).toHaveLength(1);
  });

  it('user_message rules read only the user message; the strongest action comes first', () => {
    const rules = rulesOf([
      { name: 'log-it', target: 'user_message', match: 'contains', pattern: 'deploy', action: 'log' },
      {
        name: 'block-it',
        target: 'user_message',
        match: 'regex',
        pattern: 'deploy to prod',
        action: 'block',
      },
    ]);
    expect(rules.watchesUserMessage).toBe(true);
    expect(
      rules.evaluate({ target: 'user_message', text: 'please deploy to prod' }).map((m) => m.action),
    ).toEqual(['block', 'log']);
    expect(rules.evaluate({ target: 'tool_call', toolName: 'Bash', text: 'deploy to prod' })).toEqual([]);
  });

  it('a command pattern must be one command or one pipe chain', () => {
    const refused = guardrailsSchema.safeParse({ intercept: [{ match: 'command', pattern: 'a; b' }] });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('one pipe chain');
  });
});

describe('shell parsing', () => {
  it('follows pipes, substitutions and wrappers', () => {
    expect(parseShellCommand('FOO=1 sudo -u me env -i nice -n 5 rm -rf x | tee log')).toEqual([
      { argv: ['rm', '-rf', 'x'], feeds: 1 },
      { argv: ['tee', 'log'] },
    ]);
    expect(parseShellCommand('bash -c "ls; rm -rf /" > out 2>&1')).toEqual([
      { argv: ['bash', '-c', 'ls; rm -rf /'] },
      { argv: ['ls'] },
      { argv: ['rm', '-rf', '/'] },
    ]);
    expect(parseShellCommand("echo $'\\x68i' 'it''s' \"a \\\"b\\\"\"")).toEqual([
      { argv: ['echo', 'hi', 'its', 'a "b"'] },
    ]);
  });
});
