export function renderPng(svg: string, size: number): Buffer;
export function buildIco(images: { size: number; png: Buffer }[]): Buffer;
export function buildIcns(pngBySize: Map<number, Buffer>): Buffer;
export function traySvg(kind: 'running' | 'paused' | 'error', color: string): string;
export const APP_ICON_SIZES: number[];
export function generateIcons(iconSvg: string): Map<string, Buffer>;
