/**
 * How each verdict kind looks on the page. Data, not code: a kind the report does not know yet
 * (the verdict grows: stale, hidden, copies, …) still renders, with its own name and a neutral
 * tone, so a newer document never breaks an older page template.
 */
export type Tone = 'good' | 'info' | 'warn' | 'bad' | 'quiet' | 'plain';

export interface KindStyle {
  readonly label: string;
  readonly tone: Tone;
  /** One sentence for a legend: what the kind means. */
  readonly meaning: string;
}

const KINDS: Readonly<Record<string, KindStyle>> = {
  converged: { label: 'converged', tone: 'good', meaning: 'every device shows what the server holds' },
  stale: { label: 'stale', tone: 'info', meaning: 'a device is behind; its next check would fix it' },
  hidden: { label: 'hidden', tone: 'warn', meaning: 'on the server, in a folder the device does not sync' },
  diverged: { label: 'diverged', tone: 'warn', meaning: 'local state that no sync reconciles' },
  fragmented: { label: 'fragmented', tone: 'bad', meaning: 'not on the server, so a device never gets it' },
  copies: { label: 'copies', tone: 'warn', meaning: 'POP3 copies that match now, but nothing keeps them in step' },
  single: { label: 'one device', tone: 'quiet', meaning: 'only one device uses this account' },
};

export function kindStyle(kind: string): KindStyle {
  return KINDS[kind] ?? { label: kind, tone: 'plain', meaning: '' };
}
