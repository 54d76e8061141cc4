/** The state of the live event stream, for the "connection lost" banner. */
export type ConnectionState = 'connecting' | 'open' | 'lost';

/** How the contract reaches the engine: HTTP + SSE in a browser, the preload bridge in the app. */
export interface Transport {
  readonly kind: 'http' | 'bridge';
  invoke(name: string, input: Record<string, unknown>): Promise<unknown>;
  /** Starts listening on first use; returns the unsubscribe. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  connectionState(): ConnectionState;
}
