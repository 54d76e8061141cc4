export type ThemeChoice = 'light' | 'dark' | 'system';

const STORAGE_KEY = 'ais.theme';

export function readThemeChoice(): ThemeChoice {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function saveThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, choice);
}

/** Sets the `dark` class on <html> for the choice; `system` follows the OS and its changes. Returns the stop. */
export function applyTheme(choice: ThemeChoice): () => void {
  const query = matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    const dark = choice === 'dark' || (choice === 'system' && query.matches);
    document.documentElement.classList.toggle('dark', dark);
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  };
  apply();
  if (choice !== 'system') return () => undefined;
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}
