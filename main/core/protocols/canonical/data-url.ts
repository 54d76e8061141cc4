import type { BinarySource } from './types';

type Base64Source = Extract<BinarySource, { kind: 'base64' }>;

const BASE64_DATA_URL = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s;

/** `data:<type>;base64,<data>` → a base64 source; undefined for anything else (an http URL, bare base64). */
export function parseBase64DataUrl(url: string): Base64Source | undefined {
  const match = BASE64_DATA_URL.exec(url);
  if (!match) return undefined;
  return { kind: 'base64', mediaType: match[1] || 'application/octet-stream', data: match[2] ?? '' };
}

export function formatDataUrl(source: Base64Source): string {
  return `data:${source.mediaType};base64,${source.data}`;
}
