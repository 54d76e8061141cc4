// Draws every icon the app and its installers need from the SVGs in
// resources/source: the app icon (PNG sizes, .ico, .icns) and the tray icons
// per state (macOS template images, coloured ones for Windows and Linux).
// Usage: node scripts/generate-icons.mjs [output folder, default resources/]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** PNG bytes of `svg` at `size` × `size` pixels. */
export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** A .ico holding PNG images (Windows Vista and later read PNG entries). */
export function buildIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** ICNS element types that hold PNG data, by pixel size (`@2x` types for Retina). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

export function buildIcns(pngBySize) {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * The tray glyph: the switch, drawn in `color` on a 32-unit grid so it stays
 * crisp at 16 px. Running: knob on the right, filled track. Paused: knob on
 * the left, empty track. Error: empty track with an exclamation mark.
 */
export function traySvg(kind, color) {
  const track =
    '<rect x="2" y="9" width="28" height="14" rx="7" fill="none" stroke="COLOR" stroke-width="2.5"/>';
  const shapes = {
    running:
      '<path fill="COLOR" fill-rule="evenodd" d="M9 8h14a8 8 0 0 1 0 16H9A8 8 0 0 1 9 8zm14 3.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9z"/>',
    paused: `${track}<circle cx="9" cy="16" r="4.5" fill="COLOR"/>`,
    error: `${track}<rect x="14.5" y="11.5" width="3" height="6" rx="1.5" fill="COLOR"/><circle cx="16" cy="20.5" r="1.7" fill="COLOR"/>`,
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${shapes[kind].replaceAll('COLOR', color)}</svg>`;
}

const TRAY_COLOURS = { running: '#16a34a', paused: '#6b7280', error: '#dc2626' };
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Every file, by path relative to the output folder. */
export function generateIcons(iconSvg) {
  const files = new Map();
  const pngBySize = new Map(APP_ICON_SIZES.map((size) => [size, renderPng(iconSvg, size)]));
  files.set('icon.png', pngBySize.get(1024));
  files.set('icon.icns', buildIcns(pngBySize));
  files.set(
    'icon.ico',
    buildIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngBySize.get(size) }))),
  );
  // Linux: electron-builder installs icons/<N>x<N>.png into the hicolor theme.
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    files.set(`icons/${size}x${size}.png`, pngBySize.get(size));
  for (const kind of ['running', 'paused', 'error']) {
    const template = traySvg(kind, '#000000');
    files.set(`tray/tray-${kind}Template.png`, renderPng(template, 16));
    files.set(`tray/tray-${kind}Template@2x.png`, renderPng(template, 32));
    const coloured = traySvg(kind, TRAY_COLOURS[kind]);
    files.set(`tray/tray-${kind}.png`, renderPng(coloured, 16));
    files.set(`tray/tray-${kind}@2x.png`, renderPng(coloured, 32));
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const output = path.resolve(process.argv[2] ?? path.join(root, 'resources'));
  const files = generateIcons(readFileSync(path.join(root, 'resources/source/icon.svg'), 'utf8'));
  for (const [name, bytes] of files) {
    mkdirSync(path.dirname(path.join(output, name)), { recursive: true });
    writeFileSync(path.join(output, name), bytes);
  }
  process.stdout.write(`wrote ${files.size} icons to ${output}\n`);
}
