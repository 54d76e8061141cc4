import { describe, expect, it } from 'vitest';
import { providerSchema, routeSchema } from '../../main/core/config/schema';
import {
  collectSchemaErrors,
  collectServerErrors,
  errorAt,
} from '../../renderer/src/lib/collect-field-errors';
import {
  emptyProviderForm,
  environmentReference,
  formToProvider,
  providerToForm,
} from '../../renderer/src/pages/providers/provider-form-state';
import { formToRoute, routeToForm } from '../../renderer/src/pages/routes/route-form-state';
import {
  settingsFormToInput,
  configToSettingsForm,
} from '../../renderer/src/pages/settings/settings-form-state';
import { configSchema } from '../../main/core/config/schema';
import { contract } from '../../main/core/contract';

describe('the provider form', () => {
  it('round-trips a provider, keeping fields the form does not know', () => {
    const provider = providerSchema.parse({
      base_url: 'https://api.example.com',
      api_key: '${EXAMPLE_KEY}',
      models: ['a', 'b'],
      max_output_tokens: { a: 8192 },
      custom_headers: { 'x-team': 'one' },
      logo_url: 'https://example.com/logo.png',
      first_byte_timeout_ms: 30000,
    });
    const form = providerToForm('example', provider);
    expect(providerSchema.parse(formToProvider(form, provider))).toEqual(provider);
  });

  it('lets the server schema name a bad base URL and a non-numeric timeout at their fields', () => {
    const form = { ...emptyProviderForm(), base_url: 'api.example.com', idle_timeout_ms: 'soon' };
    const errors = collectSchemaErrors(providerSchema.safeParse(formToProvider(form)).error);
    expect(errors.base_url).toBe('must be a URL such as https://api.deepseek.com');
    expect(errors.idle_timeout_ms).toBeDefined();
  });

  it('uses one limit for all models unless a model has its own', () => {
    const form = {
      ...emptyProviderForm(),
      base_url: 'https://x.test',
      models: ['a'],
      max_output_all: '4096',
    };
    expect(formToProvider(form).max_output_tokens).toBe(4096);
    expect(formToProvider({ ...form, max_output_per_model: { a: '2048' } }).max_output_tokens).toEqual({
      a: 2048,
    });
  });

  it('recognises ${NAME} references', () => {
    expect(environmentReference('${DEEPSEEK_API_KEY}')).toBe('DEEPSEEK_API_KEY');
    expect(environmentReference('sk-${X}')).toBeUndefined();
  });
});

describe('the route form', () => {
  it('round-trips a route, keeping an unknown scene and unknown fields', () => {
    const route = routeSchema.parse({
      provider: 'deepseek',
      default_model: 'deepseek-chat',
      scene_map: { think: 'deepseek-reasoner', custom: 'x' },
      model_map: { 'claude-haiku': 'deepseek-chat' },
      fallback: ['kimi|kimi-k2'],
      long_context_threshold: 60000,
      label: 'Claude Code',
      note: 'kept',
    });
    expect(routeSchema.parse(formToRoute(routeToForm('key', route), route))).toEqual(route);
  });

  it('drops emptied scenes instead of saving empty model names', () => {
    const route = routeSchema.parse({ provider: 'p', scene_map: { think: 'r' } });
    const form = routeToForm('key', route);
    form.scene_map.think = ' ';
    expect(formToRoute(form, route).scene_map).toEqual({});
  });
});

describe('the settings form', () => {
  it('produces input the settingsUpdate schema accepts for a default config', () => {
    const input = settingsFormToInput(configToSettingsForm(configSchema.parse({})));
    expect(contract.calls.settingsUpdate.input.safeParse(input).success).toBe(true);
  });

  it('reports a bad allowed IP at its index', () => {
    const form = { ...configToSettingsForm(configSchema.parse({})), allowed_ips: ['10.0.0.0/8', 'lan'] };
    const errors = collectSchemaErrors(
      contract.calls.settingsUpdate.input.safeParse(settingsFormToInput(form)).error,
    );
    expect(errorAt(errors, 'server.allowed_ips')).toMatch(/IP address or a CIDR/);
    expect(Object.keys(errors)).toEqual(['server.allowed_ips.1']);
  });
});

describe("the server's field errors", () => {
  it('are re-rooted at the form whether they come from the input schema or the config check', () => {
    const errors = collectServerErrors(
      [
        { path: 'provider.base_url', message: 'must be a URL' },
        { path: 'providers.ds.models.0', message: 'must not be empty' },
        { path: 'id', message: 'already exists' },
      ],
      ['provider', 'providers.ds'],
    );
    expect(errors).toEqual({
      base_url: 'must be a URL',
      'models.0': 'must not be empty',
      id: 'already exists',
    });
    expect(errorAt(errors, 'models')).toBe('must not be empty');
  });
});
