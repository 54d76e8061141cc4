import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a reader (or a crash) sees either the old content or
 * the new one, never half of it: temp file in the same directory (so rename
 * stays on one filesystem), fsync, rename over the target, fsync the directory.
 */
export async function writeFileAtomically(input: {
  path: string;
  text: string;
  mode?: number;
}): Promise<void> {
  const directory = path.dirname(input.path);
  const temporaryPath = path.join(
    directory,
    `.${path.basename(input.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const mode = input.mode ?? 0o600;
  try {
    const handle = await open(temporaryPath, 'wx', mode);
    try {
      await handle.writeFile(input.text, 'utf8');
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, input.path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename itself durable. Not supported on Windows (EISDIR/EPERM):
  // there the rename is as durable as the platform allows.
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}
