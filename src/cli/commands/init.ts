import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';
import { SCHEMA_FILE_NAME, writeSchemaBeside } from './schema.js';

/** The starter scenario `mailsim init` writes: commented, valid, and green when run. */
export function starterScenario(name: string): string {
  return `# yaml-language-server: $schema=./${SCHEMA_FILE_NAME}
# A mailsim scenario. The schema line above gives editors completion and hover help from
# ${SCHEMA_FILE_NAME}, which \`mailsim init\` writes beside this file (\`mailsim schema --write\`
# refreshes it after an upgrade).
#
#   npx mailsim validate ${name}.yaml   check it without running
#   npx mailsim run ${name}.yaml        run it; exits 1 if an expect: check fails

name: ${name}
description: Two devices on POP3 with "leave on server" on; both get every message.

# Virtual time: the run starts here (UTC) and moves only with "advance" and "at:" steps.
start: 2024-03-04T09:00:00Z

accounts:
  alice@example.com: { password: secret }

devices:
  laptop:
    protocol: pop3
    leaveOnServer: true        # keep a copy on the server (the classic POP3 default is off)
  phone:
    protocol: pop3
    leaveOnServer: true
    checkEvery: 15m            # the phone polls; the laptop checks only when a step says so

steps:
  - deliver: { id: hello, from: "Bob <bob@example.com>", subject: "Hello", body: "Hi Alice!" }
  - sync: laptop
  - read: { device: laptop, message: hello }   # by id; a subject or a position works too
  - at: "09:15"                # the clock moves here; the phone's scheduled check runs on the way
  - reply: { device: laptop, message: hello, body: "Hi Bob!" }   # SMTP; POP3 keeps the copy locally

expect:
  devices:
    laptop:
      count: 1
      unread: 0
      folders:
        Sent: { subjects: ["Re: Hello"] }
    phone:
      subjects: ["Hello"]
      messages:
        "Hello": { read: false }   # POP3 keeps read state on each device
  server:
    alice@example.com:
      INBOX: { count: 1 }
  converged: false             # same messages, different read state
`;
}

/** `mailsim init [name]`: writes <name>.yaml in the current directory, never over an existing file. */
export async function initCommand(name: string | undefined, flags: { force?: boolean }, io: CliIO): Promise<ExitCode> {
  const base = name ?? 'my-scenario';
  if (!/^[A-Za-z0-9][\w.-]*$/.test(base)) throw new UsageError(`"${base}" is not a usable scenario name (letters, digits, ".", "-" and "_")`);
  const fileName = base.endsWith('.yaml') ? base : `${base}.yaml`;
  const file = path.join(io.cwd, fileName);
  try {
    await writeFile(file, starterScenario(fileName.slice(0, -'.yaml'.length)), { flag: flags.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${fileName} already exists; choose another name or pass --force`);
    throw error;
  }
  const schema = await writeSchemaBeside(io.cwd, flags.force === true);
  const schemaNote = {
    wrote: `wrote ${SCHEMA_FILE_NAME} (editor completion for the $schema line)\n`,
    current: '',
    differs: `kept ${SCHEMA_FILE_NAME}: it differs from this mailsim's schema; \`mailsim schema --write\` replaces it\n`,
  }[schema];
  io.stdout.write(`wrote ${fileName}\n${schemaNote}next: npx mailsim run ${fileName}\n`);
  return EXIT.OK;
}
