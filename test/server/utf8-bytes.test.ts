import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../main/core/proxy/send-to-candidates';

/** Every shape of text the one-pass encoder must get byte-exact, overflow of its first guess included. */
const TEXTS: Record<string, string> = {
  empty: '',
  ascii: JSON.stringify({
    model: 'deepseek-chat',
    messages: [{ role: 'user', content: 'x'.repeat(50_000) }],
  }),
  'a few accented characters in a long body': `${'a'.repeat(100_000)}é${'b'.repeat(100_000)}ü`,
  'CJK, three bytes per character (overflows the first guess)': '中文字符测试'.repeat(20_000),
  'emoji, surrogate pairs across the first guess': `${'z'.repeat(1_000)}${'😀'.repeat(5_000)}`,
  'a lone surrogate': `abc\ud800def${'é'.repeat(3_000)}`,
  'short non-ASCII': 'héllo',
};

describe('utf8Bytes', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`encodes ${name} exactly as Buffer.from does`, () => {
      const bytes = utf8Bytes(text);
      expect(bytes.length).toBe(Buffer.byteLength(text));
      expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    });
  }
});
