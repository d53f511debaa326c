import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../src/tls/certificate.js';
import { MAX_TRUST_CONTEXTS, trustContext } from '../../src/tls/trust.js';
import { tlsServerFixture } from './helpers.js';

/** The client-side context every simulated device of a run shares (src/tls/trust.ts). */
const fixture = tlsServerFixture();

/** The IMAPS greeting's first line with `context`, or the handshake's error code. */
async function greeting(port: number, context: tls.SecureContext): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, secureContext: context });
    socket.setEncoding('latin1');
    socket.once('data', (data: string) => {
      resolve(data.split('\r\n')[0]!);
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('trustContext', () => {
  it('is one context per certificate, shared, and at most MAX_TRUST_CONTEXTS are kept', () => {
    const a = generateSelfSigned(['127.0.0.1']).cert;
    const b = generateSelfSigned(['127.0.0.1']).cert;
    const first = trustContext(a);
    expect(trustContext(a)).toBe(first);
    expect(trustContext(b)).not.toBe(first);
    // MAX_TRUST_CONTEXTS other certificates later, the first is the oldest and was forgotten.
    for (let i = 0; i < MAX_TRUST_CONTEXTS; i++) trustContext(`${b}\n`.repeat(i + 2));
    expect(trustContext(a)).not.toBe(first);
  });

  it('verifies the server as `ca` did: its own certificate is trusted, another is refused', async () => {
    const server = await fixture.start();
    const ours = await greeting(server.ports.imaps!, trustContext(server.tls!.cert));
    expect(ours).toMatch(/^\* OK/);
    const stranger = await greeting(server.ports.imaps!, trustContext(generateSelfSigned(['127.0.0.1']).cert));
    expect(stranger).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
