import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCredentials, generateSelfSigned, GENERATED_VALIDITY_DAYS } from '../../src/tls/certificate.js';

describe('the self-signed certificate made at start', () => {
  it('is an EC P-256 certificate signed by its own key, for the names asked, valid for a year from now', () => {
    const now = Date.UTC(2030, 0, 1);
    const identity = generateSelfSigned(['localhost', '127.0.0.1', '::1', 'mail.example.test'], now);
    const cert = new X509Certificate(identity.cert);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:mail.example.test');
    expect(cert.checkHost('mail.example.test')).toBe('mail.example.test');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.ca).toBe(false);
    expect(Date.parse(cert.validTo) - now).toBe(GENERATED_VALIDITY_DAYS * 86_400_000);
    expect(Date.parse(cert.validFrom)).toBeLessThan(now);
    expect(identity.fingerprint256).toBe(cert.fingerprint256);
    expect(identity.selfSigned).toBe(true);
  });

  it('always encodes (a random serial or signature never breaks DER), 200 times over', () => {
    for (let i = 0; i < 200; i++) expect(() => new X509Certificate(generateSelfSigned().cert)).not.toThrow();
  });

  it('is new on every start: another key, another serial, another fingerprint', () => {
    const a = generateSelfSigned();
    const b = generateSelfSigned();
    expect(a.fingerprint256).not.toBe(b.fingerprint256);
    expect(new X509Certificate(a.cert).serialNumber).not.toBe(new X509Certificate(b.cert).serialNumber);
  });
});

describe('operator credentials (--tls-cert/--tls-key)', () => {
  it('are taken when the key belongs to the certificate', () => {
    const made = generateSelfSigned(['mail.example.test']);
    const checked = checkCredentials({ cert: made.cert, key: made.key });
    expect(checked).toMatchObject({ fingerprint256: made.fingerprint256, selfSigned: false, subjectAltName: 'DNS:mail.example.test' });
  });

  it('are refused, saying which part is wrong', () => {
    const made = generateSelfSigned();
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => checkCredentials({ cert: made.cert, key: otherKey })).toThrow('the key does not belong to the certificate');
    expect(() => checkCredentials({ cert: 'not a certificate', key: made.key })).toThrow(/^the certificate is not a PEM X\.509 certificate/);
    expect(() => checkCredentials({ cert: made.cert, key: 'not a key' })).toThrow(/^the key is not a PEM private key/);
  });
});
