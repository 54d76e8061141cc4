import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigPathSegment } from './config-problem';

export interface SourcePosition {
  line: number;
  column: number;
}

/** Finds where a path is written; falls back to the nearest ancestor that exists. */
export type LocateConfigPath = (
  path: readonly ConfigPathSegment[],
  options?: { at: 'key' | 'value' },
) => SourcePosition | undefined;

export function createConfigPathLocator(document: Document, lineCounter: LineCounter): LocateConfigPath {
  const positionOf = (node: Node | null | undefined): SourcePosition | undefined => {
    if (!node?.range) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return { line, column: col };
  };

  return (path, options = { at: 'value' }) => {
    let parent: unknown = document.contents;
    for (let depth = 0; depth < path.length; depth += 1) {
      const segment = path[depth] as ConfigPathSegment;
      const isLast = depth === path.length - 1;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => keyText(item.key) === String(segment));
        if (pair === undefined) return positionOf(parent);
        if (isLast && options.at === 'key') return positionOf(pair.key as Node) ?? positionOf(parent);
        if (!isNode(pair.value)) return positionOf(pair.key as Node) ?? positionOf(parent);
        parent = pair.value;
      } else if (isSeq(parent) && typeof segment === 'number') {
        const item = parent.items[segment];
        if (!isNode(item)) return positionOf(parent);
        parent = item;
      } else {
        return isNode(parent) ? positionOf(parent) : undefined;
      }
    }
    return isNode(parent) ? positionOf(parent) : undefined;
  };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}
