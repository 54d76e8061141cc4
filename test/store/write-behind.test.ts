import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/store/open-database';
import { createWriteBehind } from '../../main/core/store/write-behind';

// Budget charges are committed in groups: one transaction per batch, and a bad item
// costs only itself.

describe('write-behind batches', () => {
  const setUp = (maxItems: number) => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE items (value INTEGER NOT NULL CHECK (value >= 0))');
    const insert = db.prepare<[number]>('INSERT INTO items (value) VALUES (?)');
    const errors: string[] = [];
    const queue = createWriteBehind<number>({
      db,
      what: 'test item',
      maxDelayMs: 5,
      maxItems,
      write: (value) => insert.run(value),
      logger: { warn: () => undefined, error: (_details, message) => errors.push(message) },
    });
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
    return { queue, count, errors };
  };

  it('writes a batch after its delay, or at once when full', async () => {
    const { queue, count } = setUp(3);
    queue.push(1);
    queue.push(2);
    expect([count(), queue.pending]).toEqual([0, 2]);
    queue.push(3);
    expect([count(), queue.pending]).toEqual([3, 0]);
    queue.push(4);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count()).toBe(4);
  });

  it('a failing item is logged and lost alone; the rest of its batch is written', () => {
    const { queue, count, errors } = setUp(100);
    for (const value of [1, 2, -1, 3]) queue.push(value);
    queue.flush();
    expect(count()).toBe(3);
    expect(errors).toEqual(['store: could not write a test item; it is lost']);
  });
});
