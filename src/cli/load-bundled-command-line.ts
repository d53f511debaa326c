/**
 * Loads the command line in the built `mailsim` command (scripts/bundle-cli.mjs puts this module
 * in place of load-command-line.ts): the whole CLI is one CommonJS bundle, command-line.cjs, run
 * through `vm.Script` with a V8 code cache beside it.
 *
 * Why: compiling the CLI's 4.9 MB of JavaScript was a third of a short run (`mailsim run
 * laptop-phone` 616 → 419 ms with the cache, medians of 11 on the 2-core machine). Node 22 has
 * `module.enableCompileCache()` for this; Node 20, which mailsim supports, does not, and it gives
 * ES modules no code cache at all, hence one CommonJS bundle and `vm.Script`'s `cachedData`.
 *
 * The cache is V8's own format, checked by V8: made by another V8 or with other flags (`node
 * --cpu-prof`, say) it is rejected and the bundle compiled from source, exactly as without it.
 * Its name carries the bundle's hash (the build writes that into this module), so a rebuilt
 * bundle never meets an old cache, and the command, so each holds what its command compiles. It
 * lives beside the bundle, not in a shared temporary directory, so only who can change the bundle
 * can change the code it holds. Where that directory cannot be written (a global install owned
 * by root), there is simply no cache.
 * `NODE_DISABLE_COMPILE_CACHE=1`, Node 22's switch for its own cache, turns it off here too, and
 * with it what the commands keep in the same directory (CliIO.cache).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import type { CommandLine } from './load-command-line.js';
import { keepFile } from './kept-file.js';

/** The first 16 hex digits of the bundle's SHA-256, put here by scripts/bundle-cli.mjs. */
declare const MAILSIM_BUNDLE_HASH: string;

export function loadCommandLine(args: readonly string[]): Promise<CommandLine> {
  const bundle = fileURLToPath(new URL('./command-line.cjs', import.meta.url));
  const cacheFile = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : path.join(path.dirname(bundle), 'compile-cache', `${MAILSIM_BUNDLE_HASH}-${cacheName(args)}-${process.version}-${process.arch}.bin`);
  const cachedData = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
  // The build escapes every non-ASCII character, so latin1 reads the same text as UTF-8 would,
  // four times faster (19 vs 5 ms for this file).
  const source = readFileSync(bundle, 'latin1');
  // Node's own CommonJS wrapper, on the bundle's first line so stack traces keep their lines.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __mailsimBundleUrl) {${source}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), pathToFileURL(bundle).href);
  const loaded = module.exports as CommandLine;
  // The same directory and key for what the commands themselves keep (CliIO.cache).
  const cache = cacheFile === undefined ? undefined : { dir: path.dirname(cacheFile), key: `${MAILSIM_BUNDLE_HASH}-${process.version}-${process.arch}` };
  const commandLine: CommandLine = cache === undefined ? loaded : { ...loaded, processIO: () => ({ ...loaded.processIO(), cache }) };
  if (cacheFile === undefined || (cachedData !== undefined && !script.cachedDataRejected)) return Promise.resolve(commandLine);
  // Made after the command has run, the cache holds every function the command compiled, not
  // just the bundle's top level.
  const main: CommandLine['main'] = async (args, io) => {
    try {
      return await commandLine.main(args, io);
    } finally {
      keepFile(cacheFile, script.createCachedData());
    }
  };
  return Promise.resolve({ ...commandLine, main });
}

/**
 * A cache per command: V8 reads a whole cache before running anything, and the one `run` leaves
 * holds the protocol clients and the report, three times what `--help` needs (which then took
 * 12 ms longer than without a cache). Only mailsim's own command names make a file of their own,
 * so a misspelt command cannot leave one cache after another.
 */
const CACHED_COMMANDS = new Set(['run', 'list', 'validate', 'init', 'schema', 'serve', 'help']);

function cacheName(args: readonly string[]): string {
  const command = args.find((arg) => !arg.startsWith('-'));
  return command !== undefined && CACHED_COMMANDS.has(command) ? command : 'other';
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
