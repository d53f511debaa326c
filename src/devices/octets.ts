/** "3.1 KB", "420 bytes": what a person reads in a download line. */
export function formatOctets(octets: number): string {
  if (octets < 1024) return `${octets} byte${octets === 1 ? '' : 's'}`;
  if (octets < 1024 * 1024) return `${(octets / 1024).toFixed(1)} KB`;
  return `${(octets / (1024 * 1024)).toFixed(1)} MB`;
}
