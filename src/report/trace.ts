import type { WireEvent } from '../protocol/transcript.js';

/** One line of a device's wire transcript, tagged with where it belongs. */
export interface TraceLine {
  readonly variant: string;
  readonly device: string;
  readonly event: WireEvent;
}

/**
 * The wire transcript, grouped per variant and device, in the order lines crossed the socket:
 * what the "conceptual" steps (check mail, read, delete) really sent. Secrets arrive masked.
 */
export function renderTrace(lines: readonly TraceLine[]): string {
  const groups = new Map<string, TraceLine[]>();
  for (const line of lines) {
    const key = `${line.variant}\u0000${line.device}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(line);
  }
  const out: string[] = [];
  for (const group of groups.values()) {
    const { variant, device } = group[0]!;
    out.push(`Wire transcript · ${variant === 'default' ? '' : `variant ${variant} · `}${device}`);
    for (const { event } of group) out.push(`  ${event.protocol}#${event.connection} ${event.direction}: ${event.text}`);
    out.push('');
  }
  return out.join('\n');
}
