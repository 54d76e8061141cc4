import Store from 'electron-store';
import {
  createPreferences,
  DEFAULT_PREFERENCES,
  type PreferenceValues,
  type Preferences,
} from './preferences';

/** Preferences in `<userData>/preferences.json` (electron-store); core never sees them. */
export function createElectronPreferences(): Preferences {
  const store = new Store<PreferenceValues>({ name: 'preferences', defaults: DEFAULT_PREFERENCES });
  return createPreferences({
    get: (key) => store.get(key as keyof PreferenceValues),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key as keyof PreferenceValues),
  });
}
