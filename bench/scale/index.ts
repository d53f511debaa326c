/**
 * Does a scenario's cost grow linearly with its size? Runs the same shape of scenario (half the
 * devices on POP3 leaving mail on the server, half on IMAP with push, all on plaintext ports so the
 * figure is about messages, not TLS handshakes; every message delivered,
 * then every device checks) at growing sizes, each in a fresh process, and prints the time and
 * peak RSS per size and the time per device-message relative to the smallest size (issue 13's
 * goal: at most 1.3 from the smallest to the largest). Then the whole-process start-up figures:
 * `mailsim --version` and `mailsim run laptop-phone` against `node -e 0`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupDigits } from '../../src/text/numbers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ScaleSize {
  readonly devices: number;
  readonly messages: number;
}

/** The default sizes: 1,000, 10,000 and 100,000 device-messages. */
export const SIZES: readonly ScaleSize[] = [
  { devices: 2, messages: 500 },
  { devices: 2, messages: 5_000 },
  { devices: 10, messages: 10_000 },
];

/** With BENCH_SCALE=issue: the rows of issue 13's table. */
export const ISSUE_SIZES: readonly ScaleSize[] = [
  { devices: 2, messages: 3_000 },
  { devices: 2, messages: 10_000 },
  { devices: 50, messages: 1_000 },
  { devices: 100, messages: 10_000 },
];

/** A scenario of `devices` devices (POP3 and IMAP push, alternating) and `messages` messages. */
export function scaleScenario({ devices, messages }: ScaleSize): string {
  const lines = ['accounts:', '  alice@example.com: {}', 'devices:'];
  for (let i = 0; i < devices; i++) {
    lines.push(i % 2 === 0 ? `  pop${i}: { protocol: pop3, leaveOnServer: true, security: none }` : `  imap${i}: { protocol: imap, push: true, security: none }`);
  }
  lines.push('steps:', `  - deliver: { subject: Bulk, count: ${messages} }`, '  - sync: all');
  return `${lines.join('\n')}\n`;
}

interface Measured {
  readonly seconds: number;
  readonly peakRssBytes: number;
}

function runChild(file: string): Measured {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/scale/child.ts'), file], { cwd: ROOT, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.toString()) as Measured;
}

function wall(args: readonly string[], rounds: number): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    if (child.status !== 0) throw new Error(`${args.join(' ')} exited with ${child.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function scale(rounds: number): Promise<void> {
  const sizes = process.env.BENCH_SCALE === 'issue' ? ISSUE_SIZES : SIZES;
  console.log(`\nscenario scale · ${os.cpus().length} cores · load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} · one fresh process per size, 1 round (BENCH_SCALE=issue for issue 13's sizes)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-scale-'));
  try {
    let base: number | undefined;
    for (const size of sizes) {
      const file = path.join(dir, `scale-${size.devices}x${size.messages}.yaml`);
      writeFileSync(file, scaleScenario(size));
      const { seconds, peakRssBytes } = runChild(file);
      const deviceMessages = size.devices * size.messages;
      const perDeviceMessage = seconds / deviceMessages;
      base ??= perDeviceMessage;
      const label = `${size.devices} devices × ${groupDigits(size.messages)} messages (${groupDigits(deviceMessages)} device-messages)`;
      console.log(
        `${label.padEnd(58)} ${seconds.toFixed(2).padStart(7)} s  ${(peakRssBytes / 2 ** 20).toFixed(0).padStart(5)} MB peak  ${(perDeviceMessage * 1e6).toFixed(0).padStart(5)} µs/device-message  ${(perDeviceMessage / base).toFixed(2)} × the smallest`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const cli = path.join(ROOT, 'dist/cli/main.js');
  if (!existsSync(cli)) {
    console.log('start-up: dist/ is not built; run `npm run build` (npm install does it) to measure the CLI');
    return;
  }
  const node = wall(['-e', '0'], rounds);
  const version = wall([cli, '--version'], rounds);
  const laptopPhone = wall([cli, 'run', 'laptop-phone', '--no-pager'], rounds);
  console.log(`start-up, median of ${rounds} fresh processes: node -e 0 ${(node * 1000).toFixed(0)} ms`);
  console.log(`  mailsim --version            ${(version * 1000).toFixed(0).padStart(6)} ms  ${(version / node).toFixed(2)} × node -e 0 (goal ≤ 1.5 ×)`);
  console.log(`  mailsim run laptop-phone     ${(laptopPhone * 1000).toFixed(0).padStart(6)} ms  ${(laptopPhone / node).toFixed(2)} × node -e 0 (goal ≤ 4 ×)`);
}
