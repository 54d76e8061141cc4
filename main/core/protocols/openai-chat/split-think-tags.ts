/*
 * Models served without a reasoning parser (MiniMax, self-hosted Qwen/DeepSeek
 * distills) put their reasoning inline as `<think>…</think>` in `content`.
 * This state machine splits streamed text into text and reasoning segments.
 * Tags may be cut anywhere across chunks, so the tail of a chunk that could be
 * the start of a tag is held back — never more than one tag's length.
 */

export interface ThinkSegment {
  kind: 'text' | 'reasoning';
  text: string;
}

export interface ThinkTagSplitter {
  push(text: string): ThinkSegment[];
  /** The stream ended: release whatever was held back. */
  flush(): ThinkSegment[];
}

export function createThinkTagSplitter(tag: string): ThinkTagSplitter {
  const openTag = `<${tag}>`;
  const closeTag = `</${tag}>`;
  let inside = false;
  let held = '';
  // Models write `</think>\n\n` before the answer; those newlines are layout, not answer text.
  let trimNextText = false;

  function emit(segments: ThinkSegment[], kind: ThinkSegment['kind'], text: string): void {
    let value = text;
    if (kind === 'text' && trimNextText) {
      value = value.replace(/^[\r\n]+/, '');
      if (value === '') return;
      trimNextText = false;
    }
    if (value === '') return;
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += value;
    else segments.push({ kind, text: value });
  }

  return {
    push(text) {
      const segments: ThinkSegment[] = [];
      let pending = held + text;
      held = '';
      for (;;) {
        const wanted = inside ? closeTag : openTag;
        const at = pending.indexOf(wanted);
        if (at === -1) break;
        emit(segments, inside ? 'reasoning' : 'text', pending.slice(0, at));
        pending = pending.slice(at + wanted.length);
        inside = !inside;
        if (!inside) trimNextText = true;
      }
      const wanted = inside ? closeTag : openTag;
      const keep = partialTagSuffixLength(pending, wanted);
      held = pending.slice(pending.length - keep);
      emit(segments, inside ? 'reasoning' : 'text', pending.slice(0, pending.length - keep));
      return segments;
    },
    flush() {
      const segments: ThinkSegment[] = [];
      emit(segments, inside ? 'reasoning' : 'text', held);
      held = '';
      return segments;
    },
  };
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffixLength(text: string, tag: string): number {
  const max = Math.min(text.length, tag.length - 1);
  for (let length = max; length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/** Whole-text variant for non-streaming responses. */
export function splitThinkTags(text: string, tag: string): ThinkSegment[] {
  const splitter = createThinkTagSplitter(tag);
  const segments = [...splitter.push(text), ...splitter.flush()];
  const merged: ThinkSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && last.kind === segment.kind) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}
