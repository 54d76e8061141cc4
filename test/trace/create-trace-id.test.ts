import { describe, expect, it } from 'vitest';
import { createTraceId } from '../../main/core/trace';

describe('createTraceId', () => {
  it('is a 26-character Crockford ULID that sorts by creation time and does not repeat', () => {
    const ids = [
      createTraceId(1_000),
      createTraceId(2_000),
      createTraceId(Date.UTC(2025, 0, 1)),
      createTraceId(Date.UTC(2030, 0, 1)),
    ];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(createTraceId(0).slice(0, 10)).toBe('0000000000');
    expect(new Set(Array.from({ length: 1000 }, () => createTraceId(5)))).toHaveProperty('size', 1000);
  });
});
