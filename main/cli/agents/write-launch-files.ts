import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { AgentLaunch } from './agent-catalog';

/**
 * Makes the files and links a launch refers to, all under the AI Switch home.
 * Idempotent and safe for two launches at once: files are replaced atomically
 * with the same content, a link already pointing right is left alone, links
 * to what the user has since removed go, and anything the agent itself
 * created in our folder stays.
 */
export function writeLaunchFiles(launch: AgentLaunch, platform: NodeJS.Platform = process.platform): void {
  for (const file of launch.files) {
    mkdirSync(path.dirname(file.path), { recursive: true, mode: 0o700 });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.content, { mode: 0o600 });
    renameSync(temporary, file.path);
  }
  const linkFolders = new Set(launch.links.map((link) => path.dirname(link.path)));
  const wanted = new Set(launch.links.map((link) => link.path));
  for (const folder of linkFolders) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(folder)) {
      const entryPath = path.join(folder, entry);
      if (!wanted.has(entryPath) && isLink(entryPath)) unlinkSync(entryPath);
    }
  }
  for (const link of launch.links) {
    if (isLink(link.path)) {
      if (readlinkSync(link.path) === link.target) continue;
      unlinkSync(link.path);
    } else if (exists(link.path)) continue; // the agent made its own there: keep it
    makeLink(link.target, link.path, platform);
  }
}

function makeLink(target: string, linkPath: string, platform: NodeJS.Platform): void {
  const isDirectory = (() => {
    try {
      return statSync(target).isDirectory();
    } catch {
      return false;
    }
  })();
  try {
    // Junctions need no privilege on Windows; file symlinks may (without Developer Mode).
    symlinkSync(target, linkPath, platform === 'win32' ? (isDirectory ? 'junction' : 'file') : undefined);
  } catch (error) {
    if (platform !== 'win32') throw error;
    rmSync(linkPath, { force: true });
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
