import type { ChildProcessWithoutNullStreams } from 'node:child_process';

// What `mailsim serve` prints when it is listening, read by the tests that start it as a child
// process (test/cli/serve.test.ts through tsx, test/package/cli-bundle.test.ts bundled).

/** The last line of the table: once it is on stdout, the server is listening. */
export const TABLE_END = /^Mail sent to an account above.*\n/m;

/** Ports from the table's "IMAP  127.0.0.1  1143  ..." rows. */
export function parsePorts(table: string): { imap: number; pop3: number; smtp: number; imaps: number; pop3s: number; smtps: number } {
  const port = (name: string): number => Number(new RegExp(`^  ${name}\\s+\\S+\\s+(\\d+)\\s`, 'm').exec(table)?.[1]);
  return { imap: port('IMAP'), pop3: port('POP3'), smtp: port('SMTP'), imaps: port('IMAPS'), pop3s: port('POP3S'), smtps: port('SMTPS') };
}

/** The PEM certificate the table prints, for a client to trust. */
export function certificateOf(table: string): string {
  return /-----BEGIN CERTIFICATE-----\n[^]*?-----END CERTIFICATE-----\n/.exec(table)?.[0] ?? '';
}

/** Every port flag at 0: tests run in parallel and must not fight over 1143 or 1993. */
export const ANY_PORTS = ['--imap-port', '0', '--pop3-port', '0', '--smtp-port', '0', '--imaps-port', '0', '--pop3s-port', '0', '--smtps-port', '0'];

/** Rejects if the child exits before printing the table, so a crash is a failure, not a hang. */
export function tableOf(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (TABLE_END.test(stdout)) resolve(stdout);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its table:\n${stdout}${stderr}`)));
  });
}
