import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitHeapGrowth, RUN_HEAP_GROWING_PERCENT } from '../../src/cli/heap-growth.js';
import { main } from '../../src/cli/program.js';
import { ROOT } from '../helpers/cli.js';

async function asked(args: string[]): Promise<number[]> {
  const percents: number[] = [];
  await main(args, { stdout: { write: () => true, isTTY: false }, stderr: { write: () => true, isTTY: false }, env: {}, cwd: ROOT, limitHeapGrowth: (percent) => void percents.push(percent) });
  return percents;
}

describe('heap growth during a run', () => {
  it('run asks for it once; commands that run nothing never do', async () => {
    expect(await asked(['run', 'laptop-phone'])).toEqual([RUN_HEAP_GROWING_PERCENT]);
    expect(await asked(['validate', 'laptop-phone'])).toEqual([]);
    expect(await asked(['list'])).toEqual([]);
  }, 30_000);

  it('a value the user gave node is left as it is', () => {
    expect(limitHeapGrowth(30, ['--heap-growing-percent=50'], '')).toBe(false);
    expect(limitHeapGrowth(30, ['--heap-growing-percent'], '')).toBe(false);
    expect(limitHeapGrowth(30, [], '--max-old-space-size=4096 --heap_growing_percent=10')).toBe(false);
  });

  it('otherwise V8 takes the flag (in a process of its own: it changes the whole heap)', () => {
    const script = `import('${path.join(ROOT, 'src/cli/heap-growth.ts')}').then((m) => console.log(m.limitHeapGrowth(30, ['--heap-growing-percentage=1'], '--max-old-space-size=4096')))`;
    expect(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT }).toString().trim()).toBe('true');
  }, 30_000);
});
