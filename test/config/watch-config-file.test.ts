import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { watchConfigFile, type ConfigFileWatcher } from '../../main/core/config';
import { useTemporaryHome } from './temporary-home';

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the watcher');
    await delay(20);
  }
}

describe('watchConfigFile', () => {
  const temporaryHome = useTemporaryHome();

  async function start(initial: string) {
    const home = temporaryHome();
    const filePath = path.join(home, 'config.yaml');
    writeFileSync(filePath, initial);
    const changes: string[] = [];
    const watcher: ConfigFileWatcher = watchConfigFile(filePath, (text) => void changes.push(text), {
      debounceMs: 50,
    });
    await delay(100);
    return { home, filePath, changes, watcher };
  }

  it('reports a burst of writes once, with the final content', async () => {
    const { filePath, changes, watcher } = await start('a: 0\n');
    try {
      for (let index = 1; index <= 5; index += 1) writeFileSync(filePath, `a: ${index}\n`);
      await waitFor(() => changes.length > 0);
      await delay(200);
      expect(changes).toEqual(['a: 5\n']);
    } finally {
      watcher.close();
    }
  });

  it("keeps watching across editors' atomic saves (write temp, rename over)", async () => {
    const { home, filePath, changes, watcher } = await start('a: 0\n');
    try {
      for (let index = 1; index <= 3; index += 1) {
        const temporary = path.join(home, `.config.yaml.swp${index}`);
        writeFileSync(temporary, `a: ${index}\n`);
        renameSync(temporary, filePath);
        await waitFor(() => changes.at(-1) === `a: ${index}\n`);
      }
      expect(changes).toEqual(['a: 1\n', 'a: 2\n', 'a: 3\n']);
    } finally {
      watcher.close();
    }
  });

  it('ignores writes that do not change the content, and acknowledged writes by the app', async () => {
    const { home, filePath, changes, watcher } = await start('a: 0\n');
    try {
      writeFileSync(filePath, 'a: 0\n');
      writeFileSync(path.join(home, 'other.yaml'), 'x: 1\n');
      watcher.acknowledge('a: 1\n');
      writeFileSync(filePath, 'a: 1\n');
      await delay(300);
      expect(changes).toEqual([]);
      writeFileSync(filePath, 'a: 2\n');
      await waitFor(() => changes.length === 1);
      expect(changes).toEqual(['a: 2\n']);
    } finally {
      watcher.close();
    }
  });

  it('stops calling back once closed', async () => {
    const { filePath, changes, watcher } = await start('a: 0\n');
    watcher.close();
    writeFileSync(filePath, 'a: 1\n');
    await delay(200);
    expect(changes).toEqual([]);
  });
});
