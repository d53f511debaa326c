/**
 * CPU time of a process and all its descendants, from /proc (Linux): user + system time of every
 * live process in the tree, plus what the root has collected from children that already exited
 * (Dovecot's login processes end after each login). Clock ticks, converted to seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ; 100 on every Linux port the kernel exports to /proc (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

interface Stat {
  readonly ppid: number;
  readonly own: number;
  readonly children: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

export function cpuAvailable(): boolean {
  return readStat(process.pid) !== undefined;
}

/** Seconds of CPU the tree rooted at `root` has used so far. */
export function treeCpuSeconds(root: number): number {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  const inTree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, stat] of stats) {
      if (!inTree.has(pid) && inTree.has(stat.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  let ticks = stats.get(root)?.children ?? 0;
  for (const pid of inTree) ticks += stats.get(pid)?.own ?? 0;
  return ticks / TICKS_PER_SECOND;
}

/** The load average of the machine, for the header of the figures. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
