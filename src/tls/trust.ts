import tls from 'node:tls';

/**
 * Trust contexts kept at once. A run has one server certificate (runner.ts makes one for the
 * whole run), so every simulated device trusts the same CA; a library user starting servers with
 * certificates of their own gets a context per certificate, the oldest forgotten past this many.
 */
export const MAX_TRUST_CONTEXTS = 16;

const contexts = new Map<string, tls.SecureContext>();

/**
 * A client-side secure context that trusts `ca` (PEM), built once per certificate and shared by
 * every simulated device that trusts it. Building one parses the PEM and sets up an OpenSSL
 * context, about 0.7 ms each on the 2-core machine: for 50 devices that was 50 identical
 * contexts, one per connection for the IMAP devices. Devices verify the server exactly as before:
 * tls.connect checks the peer against the context's CA whether the caller passed `ca` or this.
 */
export function trustContext(ca: string): tls.SecureContext {
  let context = contexts.get(ca);
  if (context !== undefined) return context;
  context = tls.createSecureContext({ ca });
  contexts.set(ca, context);
  if (contexts.size > MAX_TRUST_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  return context;
}
