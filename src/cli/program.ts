import { Command, CommanderError, Option } from 'commander';
import { ScenarioError } from '../scenario/diagnostics.js';
import { VERSION } from '../version.js';
import type { ServerUser } from '../server/start.js';
import { commanderErrorText } from './commander-errors.js';
import { DEFAULT_MAX_EVENTS } from './long-runs.js';
import { helpWidth } from './width.js';
import { DEFAULT_WIDTH, MIN_WIDTH, wrapLines } from '../text/width.js';
import { DEFAULT_MAX_ROWS } from '../report/max-rows.js';
import { EXIT, UsageError, type ExitCode } from './errors.js';
import type { CliIO } from './io.js';
// Commands are imported when they run: `mailsim --version`, `--help` and `list` then load none of
// the protocol libraries (imapflow, nodemailer), our protocol servers or the scenario engine.
import type { RunFlags } from './commands/run.js';
import type { ServeFlags } from './commands/serve.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  an expect: check failed
  2  bad scenario or bad usage (errors name file:line:col)
  3  internal error`;

/** Builds the commander program. Actions set `result.code`; nothing here calls process.exit. */
function buildProgram(io: CliIO, result: { code: ExitCode }): Command {
  const fitHelp = (text: string): string => wrapLines(text, helpWidth(io));
  const program = new Command('mailsim')
    .description(
      'Simulate mail clients on several devices against a real in-memory IMAP/POP3/SMTP server, and see why POP3 fragments an inbox across devices while IMAP keeps them in step.',
    )
    .version(VERSION, '-V, --version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Help fits the terminal (80 columns when there is none); our own help text is wrapped to match.
      getOutHelpWidth: () => helpWidth(io),
      getErrHelpWidth: () => helpWidth(io),
      // Usage errors are printed by reportError, in our words (commander-errors.ts).
      outputError: () => undefined,
    })
    .exitOverride()
    .addHelpText(
      'after',
      fitHelp(`
Examples:
  $ mailsim run laptop-phone          run the built-in laptop-and-phone story
  $ mailsim list                      list the built-in scenarios
  $ mailsim init my-story             write a commented starter scenario, my-story.yaml
  $ mailsim validate my-story.yaml    check a scenario without running it
  $ mailsim run my-story.yaml --json  run it and print one JSON document
  $ mailsim serve                     an IMAP/POP3/SMTP server for a real mail client
${EXIT_CODES_HELP}`),
    );

  program
    .command('run')
    .description('run a scenario (a built-in name or a path to a .yaml file) and print what every device shows')
    .argument('<scenario>', 'built-in scenario name (see `mailsim list`) or path to a scenario .yaml file')
    .addOption(new Option('--seed <n>', 'seed for generated senders, bodies and Message-IDs (default: the scenario\'s, else 1)').argParser(parseSeed))
    .option('--variant <name...>', 'run only these variants')
    .option('--no-timeline', 'leave the timeline of events out of the report')
    .addOption(new Option('--max-rows <n>', `show at most n messages per folder, the first and the last ones (default ${DEFAULT_MAX_ROWS}; 0: all; --json always has all)`).argParser(parseCount('--max-rows')))
    .addOption(new Option('--width <n>', `lay the report out for n columns (default: the terminal's, else $COLUMNS, else ${DEFAULT_WIDTH}; at least ${MIN_WIDTH})`).argParser(parseCount('--width')))
    .option('--no-pager', 'print straight to the terminal, even when the report is taller than it ($MAILSIM_PAGER, $PAGER, else less)')
    .option('--no-color', 'no colours, even on a terminal (NO_COLOR=1 works too)')
    .option('--json', 'print one JSON document (devices, server, verdicts, latencies, checks) and nothing else')
    .option('--junit <file>', 'also write the expect: checks as JUnit XML, one testcase per check')
    .option('-q, --quiet', 'print only failed checks (nothing when all pass)')
    .option('--trace', 'also print the wire transcript of every device (C:/S: lines, passwords masked; on stderr with --json)')
    .option('--trace-file <file>', 'write the wire transcript to a file instead')
    .addOption(new Option('--max-events <n>', `run even when the work estimate is above the limit (default ${DEFAULT_MAX_EVENTS}: about a minute)`).argParser(parseCount('--max-events')))
    .option('--explain <subject>', 'tell the story of one message across devices instead of the report (with --html: highlight its path there too; with --json: a JSON document)')
    .option('--html <file>', 'also write a self-contained HTML report: a sequence diagram per variant and the state after every step')
    .option('--open', 'open the --html report in your browser')
    .addHelpText(
      'after',
      fitHelp(`
The same scenario and seed always print the same bytes: time is virtual, and every
"random" choice comes from the seed. Results go to stdout, errors to stderr.
${EXIT_CODES_HELP}`),
    )
    .action(async (scenario: string, opts: RunFlags) => {
      const { runCommand } = await import('./commands/run.js');
      result.code = await runCommand(scenario, opts, io);
    });

  program
    .command('list')
    .description('list the built-in scenarios with one line each')
    .action(async () => {
      const { listCommand } = await import('./commands/list.js');
      result.code = listCommand(io);
    });

  program
    .command('validate')
    .description('check scenarios without running them (every problem as file:line:col)')
    .argument('<scenario...>', 'built-in names or .yaml paths')
    .addHelpText('after', fitHelp('\nExit codes: 0 all valid, 2 at least one invalid.'))
    .action(async (scenarios: string[]) => {
      const { validateCommand } = await import('./commands/validate.js');
      result.code = await validateCommand(scenarios, io);
    });

  program
    .command('init')
    .description('write a commented starter scenario that validates and runs green')
    .argument('[name]', 'file name without .yaml', 'my-scenario')
    .option('--force', 'overwrite an existing file')
    .action(async (name: string, opts: { force?: boolean }) => {
      const { initCommand } = await import('./commands/init.js');
      result.code = await initCommand(name, opts, io);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (generated from the validator)')
    .option('--write [file]', 'write it to a file instead (default: scenario.schema.json, which `init` names in $schema)')
    .action(async (opts: { write?: string | boolean }) => {
      const { schemaCommand } = await import('./commands/schema.js');
      result.code = await schemaCommand(io, opts);
    });

  program
    .command('serve')
    .description('run the in-memory IMAP, POP3 and SMTP server for real mail clients and other programs, until Ctrl-C')
    .addOption(new Option('--imap-port <n>', 'IMAP port; 0 picks any free port').default(1143).argParser(parsePort('--imap-port')))
    .addOption(new Option('--pop3-port <n>', 'POP3 port; 0 picks any free port').default(1110).argParser(parsePort('--pop3-port')))
    .addOption(new Option('--smtp-port <n>', 'SMTP port; 0 picks any free port').default(1025).argParser(parsePort('--smtp-port')))
    .addOption(new Option('--imaps-port <n>', 'IMAPS port (IMAP over implicit TLS, 993 on a real server); 0 picks any free port').default(1993).argParser(parsePort('--imaps-port')))
    .addOption(new Option('--pop3s-port <n>', 'POP3S port (POP3 over implicit TLS, 995 on a real server); 0 picks any free port').default(1995).argParser(parsePort('--pop3s-port')))
    .addOption(new Option('--smtps-port <n>', 'SMTPS port (submission over implicit TLS, 465 on a real server); 0 picks any free port').default(1465).argParser(parsePort('--smtps-port')))
    .option('--tls-cert <file>', 'PEM certificate to present (with --tls-key); default: a self-signed one made at start')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--no-tls', 'no TLS at all: no IMAPS/POP3S/SMTPS listeners, no STARTTLS')
    .option('--host <address>', 'interface to listen on; with --no-tls anything but 127.0.0.1/localhost/::1 exposes plaintext passwords', '127.0.0.1')
    .addOption(
      new Option('--user <name:password>', 'an account (repeatable); a bare name gets @mailsim.test. Default: alice:secret and bob:secret')
        .argParser(collectUser),
    )
    .option('--scenario <file>', "accounts from a scenario (built-in name or .yaml), with the mail its deliver steps send before the first other step")
    .option('--trace', 'print every protocol line live on stderr, as "imap#3 C: ..." (passwords masked)')
    .option('--login-throttle', 'hold each failed login reply from an address longer (2 s doubling to 15 s); default: on when --host is not loopback')
    .option('--no-login-throttle', 'answer failed logins at once, even when --host is not loopback')
    .addOption(
      new Option('--capabilities <changes>', 'IMAP extensions off or on, comma-separated: -QRESYNC,-COMPRESS (what needs them goes too), +LITERAL-')
        .argParser(collectCapabilities),
    )
    .addHelpText(
      'after',
      fitHelp(`
The table printed at start says what to type into a mail client. Logins take the full
address or the bare name (alice). TLS is on: IMAPS, POP3S and SMTPS listen with implicit
TLS, and the plain ports offer STARTTLS (STLS for POP3); the certificate is self-signed
unless you give --tls-cert/--tls-key, and the table prints its SHA-256 fingerprint and PEM.
Nothing is written to disk; everything is gone when the server stops. SIGINT (Ctrl-C) or
SIGTERM closes every connection (IMAP BYE, SMTP 421) and exits 0.

Examples:
  $ mailsim serve
  $ mailsim serve --imap-port 0 --pop3-port 0 --smtp-port 0   any free ports (read them from the table)
  $ mailsim serve --user carol:pw --user dave@example.com:pw
  $ mailsim serve --scenario laptop-phone --trace
  $ mailsim serve --capabilities -QRESYNC,-COMPRESS   test a client against a server without them

Thunderbird: Account Settings > Account Actions > Add Mail Account, then "Configure manually":
  Incoming  IMAP  127.0.0.1  port 1993  Connection security: SSL/TLS  Authentication: Normal password
  Outgoing  SMTP  127.0.0.1  port 1465  Connection security: SSL/TLS  Authentication: Normal password
  Username  alice@mailsim.test, password secret (accept the self-signed certificate when asked,
  after comparing its SHA-256 fingerprint with the one in the table)

Exit codes: 0 stopped by a signal, 2 bad usage (e.g. a port already in use), 3 internal error.`),
    )
    .action(async (opts: ServeFlags) => {
      const { serveCommand } = await import('./commands/serve.js');
      result.code = await serveCommand(opts, io);
    });

  return program;
}

/** --capabilities may be repeated; each value is a comma-separated list. */
function collectCapabilities(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new UsageError(`--seed takes a whole number from 0 to 4294967295, got "${value}"`);
  return Number(value);
}

function parseCount(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${flag} takes a whole number, got "${value}"`);
    return Number(value);
  };
}

function parsePort(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`${flag} takes a port number from 0 to 65535 (0 picks any free port), got "${value}"`);
    return Number(value);
  };
}

/** Repeated --user name:password, split at the first colon (passwords may contain colons). */
function collectUser(value: string, previous: ServerUser[] | undefined): ServerUser[] {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) throw new UsageError(`--user takes name:password (e.g. alice:secret), got "${value}"`);
  return [...(previous ?? []), { user: value.slice(0, colon), password: value.slice(colon + 1) }];
}

/** Runs the CLI with `argv` (without node and script), returning the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const result: { code: ExitCode } = { code: EXIT.OK };
  const program = buildProgram(io, result);
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return EXIT.OK;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    return reportError(error, io, argv, program.commands.map((c) => c.name()));
  }
}

function reportError(error: unknown, io: CliIO, argv: readonly string[], commands: readonly string[]): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version "errors" are how commander says it printed what was asked.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.OK;
    io.stderr.write(commanderErrorText(error, argv, commands, io.cwd));
    return EXIT.USAGE;
  }
  if (error instanceof ScenarioError) {
    io.stderr.write(`${error.message}\n`);
    return EXIT.USAGE;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`mailsim: ${error.message}\n`);
    return EXIT.USAGE;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`mailsim: internal error: ${detail}\nThis is a bug in mailsim; please report it with the scenario and the command you ran.\n`);
  return EXIT.INTERNAL;
}
