import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../../src/imap/syntax/byte-queue.js';

describe('ByteQueue', () => {
  it('consumes within a chunk, a whole chunk, and across chunks', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('abc'));
    queue.push(Buffer.alloc(0));
    queue.push(Buffer.from('de'));
    queue.push(Buffer.from('fgh'));
    expect(queue.length).toBe(8);
    expect(queue.consume(1).toString()).toBe('a');
    expect(queue.consume(2).toString()).toBe('bc');
    expect(queue.consume(4).toString()).toBe('defg');
    expect(queue.peekChunk()?.toString()).toBe('h');
    expect(queue.length).toBe(1);
    expect(() => queue.consume(2)).toThrow(RangeError);
    queue.clear();
    expect(queue.length).toBe(0);
    expect(queue.peekChunk()).toBeUndefined();
  });
});
