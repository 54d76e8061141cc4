import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { applyTheme, readThemeChoice, saveThemeChoice, type ThemeChoice } from './apply-theme';

const ThemeContext = createContext<{ theme: ThemeChoice; setTheme(choice: ThemeChoice): void } | undefined>(
  undefined,
);

export function ThemeProvider(props: { children: ReactNode }) {
  const [theme, setThemeState] = useState<ThemeChoice>(readThemeChoice);
  useEffect(() => applyTheme(theme), [theme]);
  const setTheme = (choice: ThemeChoice): void => {
    saveThemeChoice(choice);
    setThemeState(choice);
  };
  return <ThemeContext.Provider value={{ theme, setTheme }}>{props.children}</ThemeContext.Provider>;
}

export function useTheme() {
  const context = useContext(ThemeContext);
  if (!context) throw new Error('useTheme needs a <ThemeProvider> above it');
  return context;
}
