import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';

const LOCALES_DIR = path.join(REPO_ROOT, 'renderer/src/i18n/locales');
const SOURCE_DIR = path.join(REPO_ROOT, 'renderer/src');

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(full, value);
    else for (const [nested, text] of flatten(value, full)) entries.set(nested, text);
  }
  return entries;
}

const variablesOf = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const catalogs = Object.fromEntries(
  readdirSync(LOCALES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [
      file.replace(/\.json$/, ''),
      flatten(JSON.parse(readFileSync(path.join(LOCALES_DIR, file), 'utf8')) as Catalog),
    ]),
);
const english = catalogs.en as Map<string, string>;

describe('the message catalogs', () => {
  it('are English and Chinese', () => {
    expect(Object.keys(catalogs).sort()).toEqual(['en', 'zh-CN']);
  });

  it.each(Object.keys(catalogs).filter((locale) => locale !== 'en'))(
    '%s has exactly the English keys',
    (locale) => {
      const other = catalogs[locale] as Map<string, string>;
      expect(
        [...other.keys()].filter((key) => !english.has(key)),
        'keys only in this locale',
      ).toEqual([]);
      expect(
        [...english.keys()].filter((key) => !other.has(key)),
        'keys missing from this locale',
      ).toEqual([]);
    },
  );

  it.each(Object.keys(catalogs).filter((locale) => locale !== 'en'))(
    '%s uses the same {{variables}} as English',
    (locale) => {
      const other = catalogs[locale] as Map<string, string>;
      const mismatched = [...english].filter(([key, text]) => {
        const translated = other.get(key);
        return translated !== undefined && variablesOf(translated).join() !== variablesOf(text).join();
      });
      expect(mismatched.map(([key]) => key)).toEqual([]);
    },
  );

  it('have no empty message', () => {
    for (const [locale, catalog] of Object.entries(catalogs))
      expect(
        [...catalog].filter(([, text]) => text.trim() === '').map(([key]) => `${locale}:${key}`),
      ).toEqual([]);
  });

  it('hold every key the renderer asks for by name', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(SOURCE_DIR)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), t("a.b") and keys written as string literals in lists (nav items, switches).
      for (const match of text.matchAll(/\bt\(\s*'([\w.-]+)'/g))
        if (!english.has(match[1] ?? '')) missing.push(`${path.relative(REPO_ROOT, file)}: ${match[1]}`);
      for (const match of text.matchAll(/\bkey: '([\w.-]+)'/g))
        if (!english.has(match[1] ?? '')) missing.push(`${path.relative(REPO_ROOT, file)}: ${match[1]}`);
      // t(`prefix.${…}`): the prefix must exist as a group.
      for (const match of text.matchAll(/\bt\(\s*`([\w.-]+)\.\$\{/g)) {
        const prefix = `${match[1]}.`;
        if (![...english.keys()].some((key) => key.startsWith(prefix)))
          missing.push(`${path.relative(REPO_ROOT, file)}: ${prefix}*`);
      }
    }
    expect(missing).toEqual([]);
  });
});
