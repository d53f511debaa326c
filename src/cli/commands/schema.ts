import { renderJsonSchema } from '../../scenario/json-schema.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';

/** `mailsim schema`: the scenario JSON Schema, for editors and other tools. */
export function schemaCommand(io: CliIO): ExitCode {
  io.stdout.write(renderJsonSchema());
  return EXIT.OK;
}
