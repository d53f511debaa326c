/** Names that reach only this machine: binding to them exposes nothing to the network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** True when binding to `host` keeps the server private to this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Where a client on this machine connects to reach a server bound to `host`: a wildcard bind
 * (0.0.0.0, ::) accepts connections but is not itself an address to connect to.
 */
export function connectableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}
