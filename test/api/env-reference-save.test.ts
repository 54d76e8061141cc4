import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';

/** The first-run guide stores `${KEY_ENV}` when the key is left empty: set or not, the save must work. */
describe('saving a provider whose key is a ${VAR} reference', () => {
  let running: RunningEngine;
  beforeAll(async () => {
    running = await startEngine('providers: {}\nroutes: {}\n', { SET_KEY: 'sk-from-the-environment-123456' });
  });
  afterAll(() => running?.close());

  it.each([
    ['set', 'SET_KEY'],
    ['unset', 'UNSET_KEY_FOR_THIS_TEST'],
  ])('keeps the reference in the file when the variable is %s', async (_state, variable) => {
    const id = `p-${variable.toLowerCase()}`;
    await running.engine.api.invoke('providerCreate', {
      id,
      provider: { base_url: 'https://api.deepseek.com', api_key: `\${${variable}}` },
    });
    expect(readFileSync(running.engine.configPath, 'utf8')).toContain(`api_key: \${${variable}}`);
    const read = await running.engine.api.invoke('configRead');
    expect(read.envReferences[`providers.${id}.api_key`]).toBe(`\${${variable}}`);
  });
});
