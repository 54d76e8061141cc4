import type { ProtocolName, ProviderSignature } from './types';

/*
 * A signature that must travel through a protocol that has a slot for it but
 * did not make it (a Gemini thoughtSignature handed to an Anthropic client as a
 * thinking signature, say) is wrapped so the client replays it to us intact and
 * we know where it came from. Real provider signatures never start with this.
 */
const PREFIX = 'ais1.';
const ORIGINS: readonly ProtocolName[] = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'];

/** The wire value for a client of `protocol`: verbatim when that protocol made it, wrapped otherwise. */
export function packSignature(signature: ProviderSignature, protocol: ProtocolName): string {
  if (signature.origin === protocol) return signature.value;
  return `${PREFIX}${signature.origin}.${signature.value}`;
}

/** Reverse of `packSignature`: a value a client of `protocol` sent back. */
export function unpackSignature(value: string, protocol: ProtocolName): ProviderSignature {
  if (value.startsWith(PREFIX)) {
    const rest = value.slice(PREFIX.length);
    const dot = rest.indexOf('.');
    const origin = rest.slice(0, dot) as ProtocolName;
    if (dot > 0 && ORIGINS.includes(origin)) return { origin, value: rest.slice(dot + 1) };
  }
  return { origin: protocol, value };
}
