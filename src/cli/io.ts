import { runPager } from './pager.js';
import { limitHeapGrowth } from './heap-growth.js';

/** Where the CLI writes, so tests can run it in-process and read what it printed. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean; rows?: number; columns?: number };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /**
   * Calls `handler` once when the user asks the process to stop (SIGINT, SIGTERM); returns a
   * function that removes the listeners. `mailsim serve` runs until then. Tests running the CLI
   * in-process supply their own, to stop a server without signalling the test runner.
   */
  readonly onSignal?: (handler: (signal: string) => void) => () => void;
  /**
   * Wall-clock milliseconds, used only to decide when to draw the progress line (never for
   * anything printed on stdout). Tests supply their own to make "a run longer than a second".
   */
  readonly wallClock?: () => number;
  /**
   * Shows `text` through a pager command (pager.ts decides when); resolves false when the command
   * could not be run. Absent in tests that run the CLI in-process: they never have a terminal.
   */
  readonly page?: (command: string, text: string) => Promise<boolean>;
  /**
   * Where the command may keep what it can always make again: the built command's compile-cache
   * directory beside its bundle (load-bundled-command-line.ts), and a key naming that bundle and
   * this Node, so nothing made by another build or Node is ever read as this one's. `run` keeps its
   * certificate (run-certificate.ts) and the built-in scenarios, parsed (scenario-cache.ts), there.
   * Absent (the unbundled CLI, tests, NODE_DISABLE_COMPILE_CACHE=1): nothing is kept.
   */
  readonly cache?: CacheDir;
  /**
   * Holds the heap's growth past its live size to `percent` for a long run (heap-growth.ts). Only
   * the real process has it: tests that run the CLI in-process keep their runner's heap as it is.
   */
  readonly limitHeapGrowth?: (percent: number) => void;
}

export interface CacheDir {
  readonly dir: string;
  readonly key: string;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal: onProcessSignal,
    wallClock: () => performance.now(),
    page: (command, text) => runPager(command, text, process.env),
    limitHeapGrowth: (percent) => void limitHeapGrowth(percent),
  };
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function onProcessSignal(handler: (signal: string) => void): () => void {
  let fired = false;
  const listener = (signal: NodeJS.Signals): void => {
    // Listeners stay installed after the first signal so a second Ctrl-C during shutdown does not
    // kill the process half-way (shutdown is bounded by the listener's close grace anyway).
    if (fired) return;
    fired = true;
    handler(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, listener);
  };
}
