import { readRunFile, type RunInfo } from '../../core/lifecycle/run-file';

export type EngineState = { kind: 'up'; url: string; info: RunInfo } | { kind: 'down'; reason: string };

const HEALTH_TIMEOUT_MS = 2_000;

/**
 * The engine serving this home, found through `<home>/run.json` and confirmed
 * by GET /health (a pid can be reused, a port taken over).
 */
export async function findRunningEngine(home: string): Promise<EngineState> {
  let state;
  try {
    state = readRunFile(home);
  } catch (error) {
    return { kind: 'down', reason: `cannot read ${home}/run.json: ${(error as Error).message}` };
  }
  if (state.kind === 'none')
    return { kind: 'down', reason: `AI Switch is not running (no run.json in ${home})` };
  if (state.kind === 'stale') {
    const pid = state.info ? ` (pid ${state.info.pid} is gone)` : '';
    return { kind: 'down', reason: `AI Switch is not running: ${home}/run.json is stale${pid}` };
  }
  const { info } = state;
  if (info.url === undefined)
    return { kind: 'down', reason: `AI Switch (pid ${info.pid}) is still starting: try again in a moment` };
  const answer = await checkHealth(info.url);
  if (answer !== 'ok')
    return { kind: 'down', reason: `AI Switch (pid ${info.pid}) does not answer at ${info.url}: ${answer}` };
  return { kind: 'up', url: info.url, info };
}

/** 'ok', or why not. */
export async function checkHealth(url: string): Promise<string> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    if (!response.ok) return `GET /health answered ${response.status}`;
    const body = (await response.json()) as { status?: unknown };
    return body.status === 'ok' ? 'ok' : 'GET /health did not say ok';
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ?? (error as Error).message;
  }
}
