import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { checkCredentials, generateSelfSigned, type TlsIdentity } from '../tls/certificate.js';
import type { CacheDir } from './io.js';
import { keepFile } from './kept-file.js';

/**
 * The certificate `mailsim run` presents, kept between runs in the command's cache directory.
 *
 * Why: making one (an EC key, the certificate's DER, its signature) takes 15-25 ms in a cold
 * process, a twentieth of `mailsim run laptop-phone`. It is trusted by nothing but the simulated
 * devices of a run, which trust exactly the certificate their run's server presents, on
 * 127.0.0.1; so a kept one changes nothing a run shows. `mailsim serve`, which real clients meet,
 * never uses it: it makes its own or takes the operator's.
 *
 * The key is written readable by its owner only. A kept one that cannot be read, does not match
 * its key, names other hosts, or expires within a day is made again. A build (`npm run build`,
 * which `npm pack` runs) removes the directory, so no package ever carries the key.
 */
export const RUN_CERTIFICATE_FILE = 'run-certificate.json';

/** A kept certificate this close to its end is replaced, so no run meets one expiring mid-run. */
export const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

/** RunOptions.certificate for the CLI: the kept certificate, or a new one kept for next time. */
export function keptRunCertificate(cache: CacheDir | undefined, now: () => number = Date.now): (hosts: readonly string[]) => TlsIdentity {
  return (hosts) => {
    if (cache === undefined) return generateSelfSigned(hosts);
    const file = path.join(cache.dir, RUN_CERTIFICATE_FILE);
    const kept = readKept(file, hosts, now());
    if (kept) return kept;
    const made = generateSelfSigned(hosts);
    keepFile(file, JSON.stringify({ cert: made.cert, key: made.key }), 0o600);
    return made;
  };
}

function readKept(file: string, hosts: readonly string[], now: number): TlsIdentity | undefined {
  try {
    const { cert, key } = JSON.parse(readFileSync(file, 'utf8')) as { cert?: unknown; key?: unknown };
    if (typeof cert !== 'string' || typeof key !== 'string') return undefined;
    const certificate = new X509Certificate(cert);
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) - RENEW_BEFORE_MS < now) return undefined;
    if (certificate.subjectAltName !== subjectAltNameOf(hosts)) return undefined;
    // Throws when the key is not the certificate's.
    return { ...checkCredentials({ cert, key }), selfSigned: true };
  } catch {
    return undefined;
  }
}

/** How node's X509Certificate.subjectAltName writes the names generateSelfSigned puts in. */
function subjectAltNameOf(hosts: readonly string[]): string {
  return [...new Set(hosts)].map((host) => (isIP(host) === 0 ? `DNS:${host}` : `IP Address:${host}`)).join(', ');
}
