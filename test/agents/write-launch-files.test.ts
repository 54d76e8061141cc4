import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentLaunch } from '../../main/cli/agents/agent-catalog';
import { parseJsonWithComments } from '../../main/cli/agents/parse-json-with-comments';
import { writeLaunchFiles } from '../../main/cli/agents/write-launch-files';

describe.skipIf(process.platform === 'win32')('writing a launch’s own files', () => {
  it('writes files 0600, links the user’s entries, keeps what the agent made, drops dead links', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ais-launch-files-'));
    const user = path.join(root, 'user', '.gemini');
    mkdirSync(path.join(user, 'extensions'), { recursive: true });
    writeFileSync(path.join(user, 'oauth_creds.json'), '{}');
    const shadow = path.join(root, 'shadow', '.gemini');
    mkdirSync(path.join(shadow, 'tmp'), { recursive: true }); // made by the agent in an earlier session
    mkdirSync(path.join(root, 'gone'));
    symlinkSync(path.join(root, 'gone'), path.join(shadow, 'old-link'));
    const launch: AgentLaunch = {
      agent: 'gemini',
      executable: 'gemini',
      args: [],
      env: {},
      unsetEnv: [],
      files: [{ path: path.join(shadow, 'settings.json'), content: '{"a":1}\n' }],
      links: ['extensions', 'oauth_creds.json', 'tmp'].map((entry) => ({
        path: path.join(shadow, entry),
        target: path.join(user, entry),
      })),
    };
    writeLaunchFiles(launch, 'linux');
    writeLaunchFiles(launch, 'linux'); // a second launch changes nothing
    expect(readFileSync(path.join(shadow, 'settings.json'), 'utf8')).toBe('{"a":1}\n');
    expect(statSync(path.join(shadow, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(readlinkSync(path.join(shadow, 'extensions'))).toBe(path.join(user, 'extensions'));
    expect(readlinkSync(path.join(shadow, 'oauth_creds.json'))).toBe(path.join(user, 'oauth_creds.json'));
    expect(lstatSync(path.join(shadow, 'tmp')).isDirectory()).toBe(true);
    expect(existsSync(path.join(shadow, 'old-link'))).toBe(false);
    expect(existsSync(path.join(root, 'gone'))).toBe(true);
  });
});

describe('settings.json with comments', () => {
  it('reads comments and trailing commas as Gemini CLI does, and nothing else', () => {
    expect(
      parseJsonWithComments('{\n  // theme\n  "ui": { "theme": "a//b" }, /* x */\n  "n": [1,2,],\n}'),
    ).toEqual({ ui: { theme: 'a//b' }, n: [1, 2] });
    expect(parseJsonWithComments('{"s": "quote \\" /* not a comment */"}')).toEqual({
      s: 'quote " /* not a comment */',
    });
    expect(parseJsonWithComments('[1]')).toBeUndefined();
    expect(parseJsonWithComments('{ broken')).toBeUndefined();
  });
});
