import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_CONFIG_BYTES, oversizedConfigError } from './load-config';

export interface ConfigFileWatcher {
  /** Tell the watcher about text the app wrote itself, so that write does not count as a change. */
  acknowledge(text: string): void;
  close(): void;
}

export interface WatchConfigFileOptions {
  /**
   * The content the caller already applied. Without it the file as first read
   * is the baseline, and an edit landing before that read goes unnoticed.
   */
  initialText?: string;
  /** Quiet time after the last event before `onChange` runs. */
  debounceMs?: number;
  /**
   * Called when a change could not be read or the watch failed, and with a
   * ConfigError when the file grew beyond MAX_CONFIG_BYTES (it is not read).
   */
  onError?: (error: Error) => void;
}

/**
 * Calls `onChange(text)` when the file's content changes, once per burst of
 * events. Watches the directory rather than the file: editors save by writing
 * a temp file and renaming it over the original, which ends a watch on the
 * file itself. Events whose content is unchanged (a touch, a no-op save, the
 * app's own acknowledged write) are dropped.
 */
export function watchConfigFile(
  filePath: string,
  onChange: (text: string) => void | Promise<void>,
  options: WatchConfigFileOptions = {},
): ConfigFileWatcher {
  const debounceMs = options.debounceMs ?? 200;
  const directory = path.dirname(filePath);
  const fileName = path.basename(filePath);
  let lastDigest: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const report = (error: unknown): void => options.onError?.(error as Error);

  const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

  if (options.initialText !== undefined) lastDigest = digest(options.initialText);
  // The content at start is the baseline: only later differences are changes.
  const ready = readFile(filePath, 'utf8').then(
    (text) => {
      lastDigest ??= digest(text);
    },
    () => undefined,
  );

  const check = async (): Promise<void> => {
    await ready;
    let text: string;
    try {
      const { size, mtimeMs } = await stat(filePath);
      if (size > MAX_CONFIG_BYTES) {
        const marker = `oversized:${size}:${mtimeMs}`;
        if (closed || marker === lastDigest) return;
        lastDigest = marker;
        report(oversizedConfigError(filePath, size));
        return;
      }
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      // Mid-rename the file can be briefly missing; the rename's own event follows.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report(error);
      return;
    }
    const current = digest(text);
    if (closed || current === lastDigest) return;
    lastDigest = current;
    try {
      await onChange(text);
    } catch (error) {
      report(error);
    }
  };

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(directory, { persistent: false }, (_event, changed) => {
      // Some platforms omit the name; the digest check filters unrelated files.
      if (changed === null || changed.toString() === fileName) schedule();
    });
    watcher.on('error', report);
  } catch (error) {
    report(error);
  }

  return {
    acknowledge(text: string) {
      lastDigest = digest(text);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
