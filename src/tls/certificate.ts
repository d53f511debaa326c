import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as asn1 from 'asn1js';

/** A certificate and its private key, both PEM, as `tls.createSecureContext` takes them. */
export interface TlsCredentials {
  readonly cert: string;
  readonly key: string;
}

/** Credentials checked and described: what the server presents and what a client must trust. */
export interface TlsIdentity extends TlsCredentials {
  /** SHA-256 of the DER certificate, colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly fingerprint256: string;
  /** The certificate's subject alternative names, e.g. "DNS:localhost, IP Address:127.0.0.1". */
  readonly subjectAltName: string;
  /** Whether mailsim made it (self-signed) rather than reading the operator's files. */
  readonly selfSigned: boolean;
}

/** How long a generated certificate is valid: a `serve` left running for a long while keeps working. */
export const GENERATED_VALIDITY_DAYS = 365;

/**
 * Clock skew a generated certificate tolerates: notBefore is this far in the past, so a client
 * whose clock runs a little behind ours does not reject a certificate "not yet valid".
 */
const NOT_BEFORE_SLACK_MS = 60 * 60 * 1000;

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/**
 * A fresh self-signed certificate for the given host names and addresses (default localhost,
 * 127.0.0.1 and ::1). The key is an EC P-256 key from node's crypto; the certificate's DER is
 * written with asn1js and signed with ECDSA-SHA256. Chosen by measuring start-up (README "TLS"):
 * a cold process has it in about 80 ms, where the X.509 packages that do everything (selfsigned,
 * @peculiar/x509, jsrsasign, node-forge) took 350 ms to 1 s, mostly to load.
 *
 * `now` is the wall clock, never a scenario's virtual one: clients check validity against theirs.
 */
export function generateSelfSigned(hosts: readonly string[] = ['localhost', '127.0.0.1', '::1'], now: number = Date.now()): TlsIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = asn1.fromBER(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })));
  if (spki.offset === -1) throw new Error('node produced an unreadable public key');
  const name = distinguishedName('mailsim test server (self-signed)');
  const signatureAlgorithm = (): asn1.Sequence => new asn1.Sequence({ value: [new asn1.ObjectIdentifier({ value: OID.ecdsaWithSha256 })] });
  // A positive 64-bit serial, random so two runs never present the same one. DER integers are
  // minimal: the top bit clear (positive) and the next one set (no leading zero octet to drop).
  const serial = randomBytes(8);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const tbs = new asn1.Sequence({
    value: [
      explicit(0, new asn1.Integer({ value: 2 })), // v3
      new asn1.Integer({ valueHex: serial }),
      signatureAlgorithm(),
      name,
      new asn1.Sequence({ value: [new asn1.UTCTime({ valueDate: new Date(now - NOT_BEFORE_SLACK_MS) }), new asn1.UTCTime({ valueDate: new Date(now + GENERATED_VALIDITY_DAYS * 86_400_000) })] }),
      distinguishedName('mailsim test server (self-signed)'),
      spki.result,
      explicit(3, new asn1.Sequence({ value: [subjectAltName(hosts), notACertificateAuthority(), serverAuthOnly()] })),
    ],
  });
  const tbsDer = Buffer.from(tbs.toBER());
  const signature = sign('sha256', tbsDer, privateKey);
  const certificate = new asn1.Sequence({ value: [tbs, signatureAlgorithm(), new asn1.BitString({ valueHex: signature })] });
  const cert = pem('CERTIFICATE', Buffer.from(certificate.toBER()));
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return describe({ cert, key }, true);
}

/**
 * Checks operator-supplied PEM text: a certificate and the private key that belongs to it.
 * Throws an Error saying which of the two is wrong.
 */
export function checkCredentials(credentials: TlsCredentials): TlsIdentity {
  return describe(credentials, false);
}

function describe(credentials: TlsCredentials, selfSigned: boolean): TlsIdentity {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(credentials.cert);
  } catch (error) {
    throw new Error(`the certificate is not a PEM X.509 certificate (${(error as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(credentials.key);
  } catch (error) {
    throw new Error(`the key is not a PEM private key (${(error as Error).message})`);
  }
  if (!certificate.checkPrivateKey(key)) throw new Error('the key does not belong to the certificate');
  return {
    cert: credentials.cert,
    key: credentials.key,
    fingerprint256: certificate.fingerprint256,
    subjectAltName: certificate.subjectAltName ?? '',
    selfSigned,
  };
}

function distinguishedName(commonName: string): asn1.Sequence {
  const attribute = (type: string, value: string): asn1.Set =>
    new asn1.Set({ value: [new asn1.Sequence({ value: [new asn1.ObjectIdentifier({ value: type }), new asn1.Utf8String({ value })] })] });
  return new asn1.Sequence({ value: [attribute(OID.organization, 'mailsim'), attribute(OID.commonName, commonName)] });
}

/** RFC 5280 4.2.1.6: dNSName [2] IA5String, iPAddress [7] OCTET STRING (4 or 16 octets). */
function subjectAltName(hosts: readonly string[]): asn1.Sequence {
  const names = [...new Set(hosts)].map((host) =>
    isIP(host) === 0
      ? new asn1.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: Buffer.from(host, 'ascii') })
      : new asn1.Primitive({ idBlock: { tagClass: 3, tagNumber: 7 }, valueHex: ipOctets(host) }),
  );
  return extension(OID.subjectAltName, new asn1.Sequence({ value: names }));
}

/** basicConstraints cA=false (RFC 5280 4.2.1.9): a leaf, never an issuer of other certificates. */
function notACertificateAuthority(): asn1.Sequence {
  return extension(OID.basicConstraints, new asn1.Sequence({ value: [] }), true);
}

/** extKeyUsage serverAuth (RFC 5280 4.2.1.12): only for TLS servers. */
function serverAuthOnly(): asn1.Sequence {
  return extension(OID.extKeyUsage, new asn1.Sequence({ value: [new asn1.ObjectIdentifier({ value: OID.serverAuth })] }));
}

function extension(oid: string, value: asn1.BaseBlock, critical = false): asn1.Sequence {
  return new asn1.Sequence({
    value: [new asn1.ObjectIdentifier({ value: oid }), ...(critical ? [new asn1.Boolean({ value: true })] : []), new asn1.OctetString({ valueHex: value.toBER() })],
  });
}

function explicit(tag: number, value: asn1.BaseBlock): asn1.Constructed {
  return new asn1.Constructed({ idBlock: { tagClass: 3, tagNumber: tag }, value: [value] });
}

function ipOctets(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  // Expand "::" and write the eight 16-bit groups.
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = address.includes('::') ? groups(tail) : [];
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  all.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
