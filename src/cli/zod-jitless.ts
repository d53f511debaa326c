// Imported first (for its side effect) by the commands that read a scenario: zod then checks
// every schema with its interpreter instead of compiling a `new Function` fast path per object
// schema the first time it parses. A command checks one small document once, so the compiling
// only cost: about 10 ms of `mailsim run laptop-phone` on the 2-core machine, and code made by
// `new Function` cannot come from the CLI's code cache (load-bundled-command-line.ts). Results
// and error messages are the same either way (zod's `jitless` option, `z.config`). Only the CLI
// sets it: the library leaves its users' zod configuration alone.
import { z } from 'zod';

z.config({ jitless: true });
