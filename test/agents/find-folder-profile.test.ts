import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFolderProfile, ProfileError } from '../../main/cli/agents/find-folder-profile';

describe('.ai-switch.yaml', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ais-profile-'));

  it('is found two levels up, the nearest one winning', () => {
    const deep = path.join(root, 'repo', 'packages', 'web');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, '.ai-switch.yaml'), 'route: outer\n');
    writeFileSync(
      path.join(root, 'repo', '.ai-switch.yaml'),
      'route: ais-repo\nagents:\n  gemini: { model: gemini-2.5-flash }\n',
    );
    expect(findFolderProfile(deep)).toEqual({
      path: path.join(root, 'repo', '.ai-switch.yaml'),
      routeKey: 'ais-repo',
      models: { gemini: 'gemini-2.5-flash' },
    });
  });

  it('says which file is wrong and where', () => {
    const broken = path.join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, '.ai-switch.yaml'), 'route: [a\n');
    expect(() => findFolderProfile(broken)).toThrow(ProfileError);
    const wrongAgent = path.join(root, 'wrong');
    mkdirSync(wrongAgent);
    writeFileSync(path.join(wrongAgent, '.ai-switch.yaml'), 'agents:\n  claud: { model: x }\n');
    expect(() => findFolderProfile(wrongAgent)).toThrow(
      `${path.join(wrongAgent, '.ai-switch.yaml')}: agents.claud: not an agent (claude, codex, gemini, opencode); did you mean claude?`,
    );
  });

  it('is optional', () => {
    const lonely = mkdtempSync(path.join(tmpdir(), 'ais-no-profile-'));
    const found = findFolderProfile(lonely);
    // Only a stray profile above the temp folder could make this fail.
    expect(found === undefined || !found.path.startsWith(lonely)).toBe(true);
  });
});
