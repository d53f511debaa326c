import { setFlagsFromString } from 'node:v8';

/**
 * How far past what the last full collection left alive V8 lets the heap grow, in percent, while
 * `mailsim run` runs a scenario.
 *
 * V8 sets the next collection's limit at the live size times a factor it derives from how fast it
 * collects against how fast the program allocates, and for a heap allowed to be as large as Node's
 * default that factor goes up to 4. A run of 100 devices x 10,000 messages keeps ~600 MB alive and
 * allocates far more than that in protocol garbage, so it peaked at 1.49 GB RSS. With the factor
 * held at 1.3 it peaked at 1.18 GB, in 147 s against 156 s (one run each, the 2-core machine): the
 * extra full collections mark concurrently, on the other core. Small runs never reach the first
 * limit, so they are unchanged.
 *
 * The flag is V8's own: `node --v8-options` lists "--heap-growing-percent (specifies heap growing
 * factor as (1 + heap_growing_percent/100))". V8 reads it each time it sets a limit, so setting it
 * once the process runs takes effect from the next collection on.
 */
export const RUN_HEAP_GROWING_PERCENT = 30;

const CHOSEN = /^--heap[-_]growing[-_]percent(?:=|$)/;

/**
 * Holds V8's heap growth to `percent`, unless the user chose a value (`node --heap-growing-percent=…`,
 * or in NODE_OPTIONS). Returns whether it did. For the process that runs the command only: it
 * changes the whole process's heap, so tests that run the CLI in-process never call it (CliIO).
 */
export function limitHeapGrowth(percent: number, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if ([...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => CHOSEN.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
}
