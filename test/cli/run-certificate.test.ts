import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RENEW_BEFORE_MS, RUN_CERTIFICATE_FILE, keptRunCertificate } from '../../src/cli/run-certificate.js';
import { generateSelfSigned } from '../../src/tls/certificate.js';

const HOSTS = ['localhost', '127.0.0.1'];
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-run-cert-'));
  file = path.join(dir, RUN_CERTIFICATE_FILE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kept = (now?: () => number) => keptRunCertificate({ dir, key: 'test' }, now)(HOSTS);

describe('the certificate `mailsim run` keeps between runs', () => {
  it('is made once, kept readable by its owner only, and read back by the next run', async () => {
    const first = kept();
    const written = await readFile(file, 'utf8');
    expect(JSON.parse(written)).toEqual({ cert: first.cert, key: first.key });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = kept();
    expect(second).toEqual(first);
    expect(second.selfSigned).toBe(true);
    expect(second.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    // Read, not rewritten.
    expect(await readFile(file, 'utf8')).toBe(written);
  });

  it('without a cache directory, every run makes its own', () => {
    const make = keptRunCertificate(undefined);
    expect(make(HOSTS).fingerprint256).not.toBe(make(HOSTS).fingerprint256);
  });

  it('is made again a day before it expires, and that one is kept', () => {
    const first = kept();
    const validTo = Date.parse(new X509Certificate(first.cert).validTo);
    expect(kept(() => validTo - RENEW_BEFORE_MS - 60_000).fingerprint256).toBe(first.fingerprint256);
    const renewed = kept(() => validTo - RENEW_BEFORE_MS + 60_000);
    expect(renewed.fingerprint256).not.toBe(first.fingerprint256);
    expect(kept().fingerprint256).toBe(renewed.fingerprint256);
  });

  it('is made again when the kept one is damaged, names other hosts, or has another key', async () => {
    const first = kept();
    const other = generateSelfSigned(HOSTS);
    const otherHosts = generateSelfSigned(['localhost']);
    for (const content of ['not json', JSON.stringify({ cert: first.cert }), JSON.stringify({ cert: 'garbage', key: first.key }), JSON.stringify({ cert: first.cert, key: other.key }), JSON.stringify(otherHosts)]) {
      await writeFile(file, content);
      const made = kept();
      expect(made.fingerprint256).not.toBe(first.fingerprint256);
      expect(made.fingerprint256).not.toBe(otherHosts.fingerprint256);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ cert: made.cert, key: made.key });
    }
  });

  it('is still made where it cannot be kept', async () => {
    // The cache "directory" is a file: nothing can be written under it.
    const blocked = path.join(dir, 'not-a-directory');
    await writeFile(blocked, '');
    const make = keptRunCertificate({ dir: blocked, key: 'test' });
    expect(make(HOSTS).subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
  });
});
