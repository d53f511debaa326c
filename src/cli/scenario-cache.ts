import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Scenario } from '../scenario/types.js';
import type { CacheDir } from './io.js';
import { keepFile } from './kept-file.js';

/**
 * The built-in scenarios as `mailsim run` last parsed them, kept in the command's cache directory
 * (CliIO.cache), so a run of one reads a parsed scenario instead of loading the YAML parser, zod
 * and the scenario schemas and validating: about 40 ms of `mailsim run laptop-phone` on the
 * 2-core machine (README "Start-up").
 *
 * A kept scenario is the loader's own result, written with `v8.serialize` (which keeps the Maps
 * and the steps they are keyed by) and named by a hash of the cache key (this bundle and this
 * Node), the name errors give the file, and its text: an edited file, another build or another
 * Node never meets it. Each file carries the SHA-256 of what it holds, so a damaged one is parsed
 * again, never run. Only built-ins are kept, which bounds the files to one per built-in and
 * build; and none that reads a message file (`deliver: { file }`), which can change while the
 * YAML does not.
 */
export async function loadScenarioKept(file: string, display: string, builtin: boolean, cache: CacheDir | undefined): Promise<Scenario> {
  if (!builtin || cache === undefined) return (await loader()).loadScenarioFile(file, display);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // The loader says why it cannot be read, in its own words.
    return (await loader()).loadScenarioFile(file, display);
  }
  const kept = path.join(cache.dir, `scenario-${createHash('sha256').update(`${cache.key}\0${display}\0${text}`).digest('hex').slice(0, 16)}.bin`);
  const read = readKept(kept);
  if (read) return read;
  const scenario = (await loader()).parseScenario(text, display, path.dirname(file));
  if (!readsMessageFiles(scenario)) {
    const body = serialize(scenario);
    keepFile(kept, Buffer.concat([createHash('sha256').update(body).digest(), body]));
  }
  return scenario;
}

/** Loaded only when a scenario has to be parsed: it brings the YAML parser, zod and the schemas. */
async function loader(): Promise<typeof import('../scenario/loader.js')> {
  await import('./zod-jitless.js');
  return import('../scenario/loader.js');
}

const DIGEST_OCTETS = 32;

function readKept(file: string): Scenario | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const body = data.subarray(DIGEST_OCTETS);
  if (data.length <= DIGEST_OCTETS || !createHash('sha256').update(body).digest().equals(data.subarray(0, DIGEST_OCTETS))) return undefined;
  try {
    return deserialize(body) as Scenario;
  } catch {
    return undefined;
  }
}

function readsMessageFiles(scenario: Scenario): boolean {
  return [scenario.steps, ...scenario.variants.map((v) => v.steps)].some((steps) => steps.some((step) => step.kind === 'deliver' && step.args.file !== undefined));
}
