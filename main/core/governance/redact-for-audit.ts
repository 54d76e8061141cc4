import { createSecretMasker, REDACTED } from '../trace/redact-secrets';

/** Fields whose values are secrets wherever they appear. */
const SECRET_FIELDS = new Set([
  'api_key',
  'apikey',
  'fallback_keys',
  'fallbackkeys',
  'token',
  'password',
  'secret',
  'authorization',
  'x-api-key',
  'code',
]);
/** Fields whose every child value may carry a secret (header maps). */
const SECRET_MAPS = new Set(['custom_headers', 'headers']);

/**
 * Makes a value safe to keep in the audit log: secret fields redacted,
 * provider keys masked wherever they occur, and route keys — secrets too,
 * clients send them as API keys — replaced by the route's label, both as
 * values and as map keys (`routes.<key>`).
 */
export function createAuditRedactor(input: {
  secrets: readonly string[];
  routeLabels: ReadonlyMap<string, string | undefined>;
}): AuditRedactor {
  const masker = createSecretMasker(input.secrets);
  const routeMarker = (key: string): string => `<route ${input.routeLabels.get(key) ?? `…${key.slice(-2)}`}>`;
  // Inside longer text (a reload reason names the route it changed), keys long enough not to occur by chance.
  const embedded = [...input.routeLabels.keys()]
    .filter((key) => key.length >= 6)
    .sort((left, right) => right.length - left.length);
  const maskText = (text: string): string => {
    let masked = masker.maskText(text);
    for (const key of embedded) if (masked.includes(key)) masked = masked.split(key).join(routeMarker(key));
    return masked;
  };
  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') return input.routeLabels.has(value) ? routeMarker(value) : maskText(value);
    if (Array.isArray(value)) return value.map(redact);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) {
        const name = input.routeLabels.has(key) ? routeMarker(key) : key;
        const lower = key.toLowerCase();
        if (SECRET_FIELDS.has(lower)) out[name] = hide(field);
        else if (SECRET_MAPS.has(lower) && field !== null && typeof field === 'object')
          out[name] = Object.fromEntries(Object.keys(field).map((header) => [header, REDACTED]));
        else out[name] = redact(field);
      }
      return out;
    }
    return value;
  };
  return {
    value: redact,
    path: (path) =>
      path.map((segment) => (input.routeLabels.has(segment) ? routeMarker(segment) : segment)).join('.'),
    leaf(path, value) {
      const field = path.at(-1)?.toLowerCase() ?? '';
      const parent = path.at(-2)?.toLowerCase() ?? '';
      return SECRET_FIELDS.has(field) || SECRET_FIELDS.has(parent) || SECRET_MAPS.has(parent)
        ? hide(value)
        : redact(value);
    },
  };
}

export interface AuditRedactor {
  /** Any value, redacted through and through. */
  value(value: unknown): unknown;
  /** A config path with route keys replaced by their label. */
  path(path: readonly string[]): string;
  /** The value at `path`: hidden whole when the path names a secret. */
  leaf(path: readonly string[], value: unknown): unknown;
}

function hide(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return value;
  return Array.isArray(value) ? value.map(() => REDACTED) : REDACTED;
}
