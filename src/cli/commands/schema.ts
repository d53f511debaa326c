import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderJsonSchema } from '../../scenario/json-schema.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';

/** Where `mailsim schema --write` and `mailsim init` put the schema, and what `init`'s `$schema` line names. */
export const SCHEMA_FILE_NAME = 'scenario.schema.json';

/** `mailsim schema [--write [file]]`: the scenario JSON Schema, for editors and other tools. */
export async function schemaCommand(io: CliIO, flags: { write?: string | boolean } = {}): Promise<ExitCode> {
  if (flags.write === undefined || flags.write === false) {
    io.stdout.write(renderJsonSchema());
    return EXIT.OK;
  }
  const target = flags.write === true ? SCHEMA_FILE_NAME : flags.write;
  try {
    await writeFile(path.resolve(io.cwd, target), renderJsonSchema());
  } catch (error) {
    throw new UsageError(`schema --write ${target}: cannot write: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`);
  }
  io.stdout.write(`wrote ${target}\n`);
  return EXIT.OK;
}

/**
 * Writes the schema next to a new scenario, so its `$schema` line works however mailsim was
 * installed (from a tarball, a git dependency, globally, or not at all in that folder). An
 * existing copy that differs is left alone and reported: `mailsim schema --write` refreshes it.
 */
export async function writeSchemaBeside(dir: string, force: boolean): Promise<'wrote' | 'current' | 'differs'> {
  const file = path.join(dir, SCHEMA_FILE_NAME);
  const text = renderJsonSchema();
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === text) return 'current';
  if (existing !== undefined && !force) return 'differs';
  await writeFile(file, text);
  return 'wrote';
}
