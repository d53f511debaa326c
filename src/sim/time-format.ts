const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Virtual time as people read it in a report, always in UTC: "09:05" on the scenario's first day,
 * "Mar 7 09:05" on later days. `origin` is the scenario's start.
 */
export function formatTime(ms: number, origin: number): string {
  const t = new Date(ms);
  const o = new Date(origin);
  const hhmm = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}${t.getUTCSeconds() ? `:${pad(t.getUTCSeconds())}` : ''}`;
  const sameDay = t.getUTCFullYear() === o.getUTCFullYear() && t.getUTCMonth() === o.getUTCMonth() && t.getUTCDate() === o.getUTCDate();
  return sameDay ? hhmm : `${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()} ${hhmm}`;
}

/** "Mar 4 09:00", with the year first ("2025 Mar 4 09:00") when it is not the origin's. */
export function formatDayTime(ms: number, origin: number): string {
  const t = new Date(ms);
  const year = t.getUTCFullYear() === new Date(origin).getUTCFullYear() ? '' : `${t.getUTCFullYear()} `;
  return `${year}${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** "2024-03-04 09:00 UTC". */
export function formatDateTime(ms: number): string {
  const t = new Date(ms);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
