import type { ContractCall, ContractEvent, FieldProblem } from '../../core/contract';

/*
 * The names the preload lets a page use, spelled out so the preload bundle
 * stays free of zod and the config schema (it only imports types). The type
 * checks below fail the build when the contract gains a call or an event that
 * is missing here, and a test compares the lists with `contract` itself.
 */
export const CALL_NAMES = [
  'status',
  'configRead',
  'providerCreate',
  'providerUpdate',
  'providerDelete',
  'providerRevealKey',
  'providerTest',
  'providerModels',
  'routeCreate',
  'routeUpdate',
  'routeDelete',
  'defaultsUpdate',
  'settingsUpdate',
  'tracesList',
  'traceDetail',
  'usageStats',
  'latencyStats',
  'reload',
  'proxyStart',
  'proxyStop',
  'routeExplain',
  'providerPresets',
  'loginLink',
  'auditList',
  'guardrailsStatus',
  'guardrailsUpdate',
  'pricesList',
] as const satisfies readonly ContractCall[];

export const EVENT_NAMES = [
  'traceStarted',
  'traceUpdated',
  'traceFinished',
  'serverStatus',
  'configChanged',
] as const satisfies readonly ContractEvent[];

type MissingCalls = Exclude<ContractCall, (typeof CALL_NAMES)[number]>;
type MissingEvents = Exclude<ContractEvent, (typeof EVENT_NAMES)[number]>;
export const everyCallListed: [MissingCalls] extends [never] ? true : MissingCalls = true;
export const everyEventListed: [MissingEvents] extends [never] ? true : MissingEvents = true;

/** The IPC channel of one contract call (`ipcMain.handle`). */
export function callChannel(name: ContractCall): string {
  return `ais:call:${name}`;
}

/** The IPC channel main pushes one contract event on (`webContents.send`). */
export function eventChannel(name: ContractEvent): string {
  return `ais:event:${name}`;
}

/**
 * What a call answers over IPC. A rejected `ipcRenderer.invoke` reaches the
 * page as a flattened message string, so failures are answers too and keep
 * their status and field problems.
 */
export type BridgeAnswer =
  | { ok: true; output: unknown }
  | { ok: false; error: { status: number; message: string; fields?: FieldProblem[] } };

/** What the preload exposes as `window.aiSwitch`: the contract's calls and events, nothing else. */
export interface AiSwitchBridge {
  invoke(name: string, input?: unknown): Promise<BridgeAnswer>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
