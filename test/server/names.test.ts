import { describe, expect, it } from 'vitest';
import { connectableHost, isLoopbackHost } from '../../src/server/hosts.js';
import { DEFAULT_DOMAIN, userAddress } from '../../src/server/users.js';

describe('userAddress', () => {
  it('gives a bare name the default domain and leaves an address alone', () => {
    expect(DEFAULT_DOMAIN).toBe('mailsim.test');
    expect(userAddress('alice')).toBe('alice@mailsim.test');
    expect(userAddress('carol@example.org')).toBe('carol@example.org');
  });
});

describe('hosts', () => {
  it('treats only this-machine names as loopback (no plaintext warning for them)', () => {
    for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '::1', '127.0.0.2']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'mail.example.com']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('connects to loopback when the server listens on every interface', () => {
    expect(connectableHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectableHost('::')).toBe('::1');
    expect(connectableHost('192.168.1.10')).toBe('192.168.1.10');
  });
});
