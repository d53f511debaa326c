import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('--trace with connection security', () => {
  it('shows STARTTLS on IMAP and STLS on POP3 where a device upgrades, none where it uses SSL/TLS or plaintext', async () => {
    const run = await runCli(['run', 'ports-and-tls', '--trace']);
    expect(run.code).toBe(0);
    const section = (variant: string, device: string): string => {
      const start = run.stdout.indexOf(`Wire transcript · variant ${variant} · ${device}\n`);
      expect(start, `${variant} ${device}`).toBeGreaterThan(-1);
      const end = run.stdout.indexOf('\nWire transcript', start + 1);
      return run.stdout.slice(start, end === -1 ? undefined : end);
    };
    expect(section('imap', 'tablet')).toMatch(/imap#1 C: \S+ STARTTLS\n\s+imap#1 S: \S+ OK Begin TLS negotiation now/);
    expect(section('pop3', 'tablet')).toMatch(/pop3#1 C: STLS\n\s+pop3#1 S: \+OK Begin TLS negotiation now/);
    for (const [variant, device] of [['imap', 'laptop'], ['imap', 'old-pc'], ['pop3', 'laptop'], ['pop3', 'old-pc']]) {
      expect(section(variant!, device!)).not.toMatch(/ (STARTTLS|STLS)$/m);
    }
  }, 60_000);
});
