import { describe, expect, it } from 'vitest';
import { MessageKeys } from '../../../src/imap/sort/message-keys.js';
import { formatThreads, MAX_THREAD_DEPTH, referencesThreads } from '../../../src/imap/sort/threading.js';
import { Message } from '../../../src/store/message.js';

/** A reply chain: message n answers message n-1. */
function chain(length: number): MessageKeys[] {
  const keys: MessageKeys[] = [];
  for (let i = 1; i <= length; i++) {
    const raw = Buffer.from(`Message-ID: <${i}@x>\r\n${i > 1 ? `In-Reply-To: <${i - 1}@x>\r\n` : ''}Subject: s\r\n\r\nx\r\n`);
    keys.push(new MessageKeys(i, new Message(`1.${i}`, i, raw, i, [], 1), 'i;ascii-casemap'));
  }
  return keys;
}

describe('REFERENCES threading on hostile input', () => {
  it(`threads a chain of 20,000 replies without overflowing the stack, cut every ${MAX_THREAD_DEPTH} levels`, () => {
    const roots = referencesThreads(chain(20_000), { mergeSubjects: false, threadOrder: 'root' });
    // Each thread holds a root and MAX_THREAD_DEPTH replies.
    expect(roots).toHaveLength(Math.ceil(20_000 / (MAX_THREAD_DEPTH + 1)));
    const text = formatThreads(roots, (keys) => keys.seq);
    expect(text.startsWith(`(${Array.from({ length: 5 }, (_, i) => i + 1).join(' ')} `)).toBe(true);
    expect(text).toContain(` ${MAX_THREAD_DEPTH + 1})(${MAX_THREAD_DEPTH + 2} ${MAX_THREAD_DEPTH + 3} `);
  });
});
