import type { ProviderConfig } from '../../../../main/core/config/schema';

/** A provider as the form edits it: text where the user types, rows where there are lists. */
export interface ProviderForm {
  id: string;
  name: string;
  base_url: string;
  path: string;
  format: ProviderConfig['format'];
  api_key: string;
  fallback_keys: string[];
  think_tag: string;
  models: string[];
  /** One limit for every model, used when no model has its own. */
  max_output_all: string;
  max_output_per_model: Record<string, string>;
  enable_proxy: boolean;
  custom_headers: { name: string; value: string }[];
  connect_timeout_ms: string;
  first_byte_timeout_ms: string;
  idle_timeout_ms: string;
}

const FORM_FIELDS = new Set([
  'name',
  'base_url',
  'path',
  'format',
  'api_key',
  'fallback_keys',
  'think_tag',
  'models',
  'max_output_tokens',
  'enable_proxy',
  'custom_headers',
  'connect_timeout_ms',
  'first_byte_timeout_ms',
  'idle_timeout_ms',
]);

export function emptyProviderForm(): ProviderForm {
  return {
    id: '',
    name: '',
    base_url: '',
    path: '',
    format: 'chat',
    api_key: '',
    fallback_keys: [],
    think_tag: '',
    models: [],
    max_output_all: '',
    max_output_per_model: {},
    enable_proxy: false,
    custom_headers: [],
    connect_timeout_ms: '',
    first_byte_timeout_ms: '',
    idle_timeout_ms: '',
  };
}

const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));

export function providerToForm(id: string, provider: ProviderConfig): ProviderForm {
  const limit = provider.max_output_tokens;
  return {
    id,
    name: provider.name ?? '',
    base_url: provider.base_url,
    path: provider.path ?? '',
    format: provider.format,
    api_key: provider.api_key ?? '',
    fallback_keys: [...provider.fallback_keys],
    think_tag: provider.think_tag ?? '',
    models: [...provider.models],
    max_output_all: typeof limit === 'number' ? String(limit) : '',
    max_output_per_model:
      typeof limit === 'object'
        ? Object.fromEntries(Object.entries(limit).map(([model, value]) => [model, String(value)]))
        : {},
    enable_proxy: provider.enable_proxy,
    custom_headers: Object.entries(provider.custom_headers).map(([name, value]) => ({ name, value })),
    connect_timeout_ms: text(provider.connect_timeout_ms),
    first_byte_timeout_ms: text(provider.first_byte_timeout_ms),
    idle_timeout_ms: text(provider.idle_timeout_ms),
  };
}

/** Typed text becomes a number when it is one; anything else stays text so the schema names the problem. */
function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : trimmed;
}

/**
 * The provider the form describes, to check with the server's schema and to
 * send. Fields the form does not know (an older file's extras) are kept.
 */
export function formToProvider(
  form: ProviderForm,
  original: Record<string, unknown> = {},
): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(original).filter(([key]) => !FORM_FIELDS.has(key)));
  const perModel = Object.entries(form.max_output_per_model).filter(([, value]) => value.trim() !== '');
  const maxOutput =
    perModel.length > 0
      ? Object.fromEntries(perModel.map(([model, value]) => [model, numberOrText(value)]))
      : numberOrText(form.max_output_all);
  const optional = (key: string, value: unknown): Record<string, unknown> =>
    value === undefined || value === '' ? {} : { [key]: value };
  return {
    ...kept,
    ...optional('name', form.name.trim()),
    base_url: form.base_url.trim(),
    ...optional('path', form.path.trim()),
    format: form.format,
    ...optional('api_key', form.api_key.trim()),
    fallback_keys: form.fallback_keys.map((key) => key.trim()).filter(Boolean),
    ...optional('think_tag', form.think_tag.trim()),
    models: form.models,
    ...optional('max_output_tokens', maxOutput),
    enable_proxy: form.enable_proxy,
    custom_headers: Object.fromEntries(
      form.custom_headers
        .filter((header) => header.name.trim() !== '')
        .map((header) => [header.name.trim(), header.value]),
    ),
    ...optional('connect_timeout_ms', numberOrText(form.connect_timeout_ms)),
    ...optional('first_byte_timeout_ms', numberOrText(form.first_byte_timeout_ms)),
    ...optional('idle_timeout_ms', numberOrText(form.idle_timeout_ms)),
  };
}

/** `${NAME}`: the config keeps the reference and the engine reads the variable. */
export function environmentReference(value: string): string | undefined {
  return /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value.trim())?.[1];
}
