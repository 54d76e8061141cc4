import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateIcons, traySvg } from '../../scripts/generate-icons.mjs';
import { REPO_ROOT } from '../helpers/fixtures';

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('icons', () => {
  const files = generateIcons(readFileSync(path.join(REPO_ROOT, 'resources/source/icon.svg'), 'utf8'));

  it('draws every size each system needs', () => {
    expect(pngSize(files.get('icon.png')!)).toEqual({ width: 1024, height: 1024 });
    for (const size of [16, 32, 48, 64, 128, 256, 512])
      expect(pngSize(files.get(`icons/${size}x${size}.png`)!)).toEqual({ width: size, height: size });
    for (const kind of ['running', 'paused', 'error']) {
      expect(pngSize(files.get(`tray/tray-${kind}Template.png`)!)).toEqual({ width: 16, height: 16 });
      expect(pngSize(files.get(`tray/tray-${kind}Template@2x.png`)!)).toEqual({ width: 32, height: 32 });
      expect(pngSize(files.get(`tray/tray-${kind}@2x.png`)!)).toEqual({ width: 32, height: 32 });
    }
  });

  it('writes a .ico directory and an .icns whose entries hold PNGs of the stated sizes', () => {
    const ico = files.get('icon.ico')!;
    const count = ico.readUInt16LE(4);
    expect(count).toBe(7);
    for (let index = 0; index < count; index++) {
      const entry = 6 + 16 * index;
      const stated = ico.readUInt8(entry) || 256;
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      expect(pngSize(png).width).toBe(stated);
    }
    const icns = files.get('icon.icns')!;
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      types.push(icns.subarray(offset, offset + 4).toString('ascii'));
      expect(icns.subarray(offset + 9, offset + 12).toString('ascii')).toBe('PNG');
    }
    expect(types).toContain('ic10');
  });

  it('macOS tray images are templates: drawn in black only, on transparent', () => {
    for (const kind of ['running', 'paused', 'error'] as const) {
      const colours = new Set(traySvg(kind, '#000000').match(/#[0-9a-f]{6}/gi));
      expect([...colours]).toEqual(['#000000']);
      expect(traySvg(kind, '#000000')).not.toMatch(/<rect[^>]*width="32"/);
    }
  });

  it('match the committed resources (run `node scripts/generate-icons.mjs` after changing the source)', () => {
    for (const [name, bytes] of files)
      expect(readFileSync(path.join(REPO_ROOT, 'resources', name)).equals(bytes), name).toBe(true);
  });
});
