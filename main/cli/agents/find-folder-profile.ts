import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { suggestNearest } from '../commands/suggest-nearest';
import { AGENT_NAMES, type AgentName } from './agent-catalog';

export const PROFILE_FILE_NAME = '.ai-switch.yaml';

/** `.ai-switch.yaml`: which route a folder's agents use, and models per agent. */
const profileSchema = z.looseObject({
  route: z.string().trim().min(1).optional(),
  agents: z
    .partialRecord(z.enum(AGENT_NAMES), z.looseObject({ model: z.string().trim().min(1).optional() }))
    .optional(),
});

export interface FolderProfile {
  path: string;
  routeKey?: string;
  models: Partial<Record<AgentName, string>>;
}

export class ProfileError extends Error {
  constructor(
    readonly filePath: string,
    detail: string,
  ) {
    super(`${filePath}: ${detail}`);
    this.name = 'ProfileError';
  }
}

/**
 * The nearest `.ai-switch.yaml` in `folder` or a parent, so each repository's
 * terminals use their own route. Undefined when there is none.
 */
export function findFolderProfile(folder: string): FolderProfile | undefined {
  let current = path.resolve(folder);
  for (;;) {
    const candidate = path.join(current, PROFILE_FILE_NAME);
    const text = readIfPresent(candidate);
    if (text !== undefined) return parseProfile(candidate, text);
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new ProfileError(file, (error as Error).message);
  }
}

export function parseProfile(filePath: string, text: string): FolderProfile {
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    throw new ProfileError(filePath, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = profileSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the file';
    if (issue?.code === 'unrecognized_keys' && where === 'agents') {
      const key = issue.keys[0] ?? '';
      const nearest = suggestNearest(key, AGENT_NAMES);
      const hint = nearest ? `; did you mean ${nearest}?` : '';
      throw new ProfileError(filePath, `agents.${key}: not an agent (${AGENT_NAMES.join(', ')})${hint}`);
    }
    throw new ProfileError(filePath, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const models: Partial<Record<AgentName, string>> = {};
  for (const agent of AGENT_NAMES) {
    const model = parsed.data.agents?.[agent]?.model;
    if (model) models[agent] = model;
  }
  return { path: filePath, ...(parsed.data.route ? { routeKey: parsed.data.route } : {}), models };
}
