import { applyCapabilityChanges, CapabilityChangeError, type CapabilityChangeResult } from '../imap/capability-changes.js';
import { featuresOf } from '../imap/features.js';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from '../protocol/login-throttle.js';
import type { WireListener } from '../protocol/transcript.js';
import { checkCredentials, generateSelfSigned, type TlsIdentity } from '../tls/certificate.js';
import { providerProfile, type GmailSettings, type ProviderName } from '../providers/index.js';
import { LISTENER_ORDER, LISTENERS, type Listener } from './endpoints.js';
import { STANDARD_PROFILE } from '../providers/standard.js';
import { SystemClock, type Clock } from '../sim/clock.js';
import { SEEN } from '../store/flags.js';
import { MailStore } from '../store/store.js';
import { UidValidityAllocator } from '../store/uid-validity.js';
import { SmtpDelivery, type Delivery, type DeliverOptions } from './delivery.js';
import { ServerStartError } from './errors.js';
import { connectableHost, isLoopbackHost } from './hosts.js';
import { DEFAULT_HOST, MailServer, type ServerPorts, type ServerUsage } from './mail-server.js';
import { summarizeMessage, type StoredMessage } from './message-summary.js';
import { TranscriptRecorder, type ConnectionTranscript } from './transcripts.js';
import { userAddress } from './users.js';

/** An account to create: `user` is a full address, or a bare name that becomes name@mailsim.test. */
export interface ServerUser {
  readonly user: string;
  readonly password: string;
  /** IMAP QUOTA limits (RFC 9208): storage in KiB (1024 octets), messages. Default none. */
  readonly quota?: { readonly storage?: number; readonly messages?: number };
  /** Whose rules the account follows: folders, labels, POP (README "Providers"). Default standard. */
  readonly provider?: ProviderName;
  /** With provider gmail: its IMAP and POP settings, as the Gmail API names them. */
  readonly gmail?: GmailSettings;
}

export interface StartServerOptions {
  /**
   * Interface to listen on. Default 127.0.0.1. Without `tls` passwords cross the network in
   * plaintext, so bind elsewhere only on a network you trust.
   */
  readonly host?: string;
  /**
   * Port per listener: a number, 0 for any free port (the default), or false to leave it off.
   * imaps, pop3s and smtps (implicit TLS: IMAPS, POP3S, SMTP submissions) listen only with `tls`.
   */
  readonly ports?: { readonly [L in Listener]?: number | false };
  /**
   * TLS: `true` makes a self-signed certificate at start (EC P-256, for localhost, 127.0.0.1, ::1
   * and `host`); `{ cert, key }` (PEM text) presents yours. Turns on the implicit-TLS listeners and
   * STARTTLS (IMAP), STLS (POP3) and STARTTLS (SMTP) on the plain ports. `required: true` refuses
   * logins until the connection is encrypted (IMAP LOGINDISABLED). Default: no TLS.
   * The certificate is in RunningServer.tls, for a client to trust.
   */
  readonly tls?: true | { readonly cert?: string; readonly key?: string; readonly required?: boolean };
  /**
   * Accounts to create. Default none: a test names the accounts it relies on (unlike
   * `mailsim serve`, which creates alice and bob so a person can log in straight away).
   */
  readonly users?: readonly ServerUser[];
  /** Supplies internal dates, Date headers and UIDVALIDITY. Default: the system clock. */
  readonly clock?: Clock;
  /** Called with every line in and out of every connection, secrets masked. */
  readonly onWire?: WireListener;
  /**
   * IMAP extensions to turn off ("-QRESYNC", "-COMPRESS") or on ("+LITERAL-"), by capability
   * name or its part before "=": test your client against a server without them. What needs a
   * piece that is turned off goes with it. Default: the standard profile, everything on.
   */
  readonly capabilities?: readonly string[];
  /**
   * Failed-login throttling per remote address: each failure's reply is held longer than the
   * last (Dovecot's auth penalty: 2 s, doubling, at most 15 s, forgotten after 29 s), in every
   * protocol. true for those defaults, an object for others, false for none. Default: on when
   * `host` is reachable from other machines, off on loopback (tests fail logins on purpose).
   */
  readonly loginThrottle?: boolean | LoginThrottleOptions;
}

/** A mailbox of an account with its counts. */
export interface MailboxSummary {
  readonly name: string;
  /** RFC 6154 special use, e.g. "\\Sent"; absent for INBOX and mailboxes a client created. */
  readonly specialUse?: string;
  readonly messages: number;
  /** Messages without \Seen. */
  readonly unseen: number;
  readonly uidValidity: number;
  readonly uidNext: number;
}

/** A running server. Everything it opened is released by close(). */
export interface RunningServer {
  /** The interface it listens on, as given in the options. */
  readonly host: string;
  /** The bound port of each listener that is on (a real port even when 0 was asked for). */
  readonly ports: ServerPorts;
  /**
   * With `tls`: the certificate the server presents (PEM, `ca` for a client to trust), its SHA-256
   * fingerprint, and whether logins wait for TLS. Undefined without TLS.
   */
  readonly tls?: { readonly cert: string; readonly fingerprint256: string; readonly subjectAltName: string; readonly selfSigned: boolean; readonly required: boolean };
  /** The live store: every account, mailbox and message, as the protocols see them. */
  readonly store: MailStore;
  /** What IMAP CAPABILITY answers, after the `capabilities` changes. */
  readonly imapCapabilities: readonly string[];
  /** What else the `capabilities` changes turned off or on, e.g. "QRESYNC off too (it needs CONDSTORE)". */
  readonly capabilityNotes: readonly string[];
  /** The failed-login throttling in force (see StartServerOptions.loginThrottle), or undefined when off. */
  readonly loginThrottle: LoginThrottleOptions | undefined;
  /**
   * Creates an account with the default mailboxes (INBOX, Archive, Drafts, Junk, Sent, Trash) and
   * returns its address. A bare name becomes name@mailsim.test. Throws StoreError ALREADYEXISTS
   * when the account exists.
   */
  addUser(user: string, password: string, options?: Pick<ServerUser, 'quota' | 'provider' | 'gmail'>): string;
  /**
   * Sends a message through the server's own SMTP listener with nodemailer, as a real sender
   * would, and resolves once the server has accepted it (the message is in the store by then).
   * Rejects when the server refuses any recipient.
   */
  deliver(message: DeliverOptions): Promise<Delivery>;
  /** The account's mailboxes, INBOX first, then by name. `user` as for login: address or bare name. */
  mailboxes(user: string): MailboxSummary[];
  /** The messages of one mailbox (default INBOX) in UID order. */
  messages(user: string, mailbox?: string): Promise<StoredMessage[]>;
  /**
   * What every connection said and heard ("C: …" / "S: …"), oldest connection first, passwords
   * masked. Only the most recent MAX_TRANSCRIPT_CONNECTIONS connections are kept, each to its
   * last MAX_TRANSCRIPT_LINES lines and MAX_TRANSCRIPT_OCTETS octets (`droppedLines` counts the rest).
   */
  transcripts(): ConnectionTranscript[];
  /**
   * What the server holds right now, per protocol: open connections, received octets not yet
   * handled, responses not yet taken by the clients, and for IMAP the literal octets being
   * received and the mailbox changes waiting to be told. For tests of a client's behaviour, and
   * to check the server's own bounds.
   */
  usage(): ServerUsage;
  /** Says goodbye on every open connection (IMAP BYE, SMTP 421), closes them and stops listening. */
  close(): Promise<void>;
}

/**
 * The one piece of state shared by every server this process starts: their UIDVALIDITY values.
 * Servers started one after another on the same port within a quarter second (a test restarting
 * its server) would otherwise hand out the same values; with one allocator the later server's are
 * greater. Across processes the clock alone keeps them apart (store/uid-validity.ts).
 */
const PROCESS_UID_VALIDITY = new UidValidityAllocator();
const label = (listener: Listener): string => LISTENERS[listener].label;

/**
 * Starts IMAP, POP3 and SMTP over one in-memory store. Throws ServerStartError when a port is
 * taken or not allowed, or the host is not an address of this machine.
 *
 * @example
 * const server = await startServer({ users: [{ user: 'alice', password: 'secret' }] });
 * await server.deliver({ to: 'alice', subject: 'Hello', text: 'Hi!' });
 * (await server.messages('alice')).map((m) => m.subject); // ['Hello']
 * await server.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const requested = checkPorts(options.ports ?? {});
  const clock = options.clock ?? new SystemClock();
  const store = new MailStore(clock, {}, PROCESS_UID_VALIDITY);
  const addUser = (user: string, password: string, options: Pick<ServerUser, 'quota' | 'provider' | 'gmail'> = {}): string => {
    const { quota, provider = 'standard', gmail } = options;
    const profile = provider === 'standard' ? {} : { profile: providerProfile(provider, gmail ? { gmail } : {}) };
    return store.addAccount(userAddress(user), password, { ...profile, ...(quota ? { quota } : {}) }).address;
  };
  for (const { user, password, ...rest } of options.users ?? []) addUser(user, password, rest);

  const tls = options.tls === undefined ? undefined : resolveTls(options.tls, host);
  const capabilities = options.capabilities ?? [];
  const resolved = checkCapabilities(capabilities);
  const loginThrottle = loginThrottleOf(options.loginThrottle, host);
  const recorder = new TranscriptRecorder();
  const onWire = options.onWire;
  let server: MailServer;
  try {
    server = await MailServer.start({
      store,
      clock,
      host,
      ports: requested,
      ...(tls ? { tls } : {}),
      imap: { capabilities },
      ...(loginThrottle ? { loginThrottle } : {}),
      transcripts: recorder,
      ...(onWire ? { onWire } : {}),
    });
  } catch (error) {
    throw explainListenError(error, host, requested);
  }

  const account = (user: string) => {
    const found = store.resolveLogin(user);
    if (!found) throw new Error(`no account "${user}" (accounts: ${store.accounts().map((a) => a.address).join(', ') || 'none'})`);
    return found;
  };
  const smtpPort = server.ports.smtp;
  const delivery = smtpPort === undefined ? undefined : new SmtpDelivery(connectableHost(host), smtpPort, clock);
  let closing: Promise<void> | undefined;

  return {
    host,
    ports: server.ports,
    ...(tls
      ? { tls: { cert: tls.identity.cert, fingerprint256: tls.identity.fingerprint256, subjectAltName: tls.identity.subjectAltName, selfSigned: tls.identity.selfSigned, required: tls.required } }
      : {}),
    store,
    imapCapabilities: featuresOf(resolved.profile).capabilities,
    capabilityNotes: resolved.notes,
    loginThrottle,
    addUser,
    deliver(message) {
      if (!delivery) return Promise.reject(new Error('deliver() sends over SMTP, and this server was started with ports.smtp: false'));
      // A bare name means that user's account, the same rule logins follow.
      const resolve = (to: string): string => store.resolveLogin(to)?.address ?? userAddress(to);
      return delivery.send({ ...message, to: typeof message.to === 'string' ? resolve(message.to) : message.to.map(resolve) });
    },
    mailboxes(user) {
      return account(user)
        .mailboxes()
        .map((box) => ({
          name: box.name,
          ...(box.specialUse ? { specialUse: box.specialUse } : {}),
          messages: box.messages.length,
          unseen: box.countWithout(SEEN),
          uidValidity: box.uidValidity,
          uidNext: box.uidNext,
        }));
    },
    async messages(user, mailbox = 'INBOX') {
      const found = account(user);
      const box = found.mailbox(mailbox);
      if (!box) throw new Error(`${found.address} has no mailbox "${mailbox}" (mailboxes: ${found.mailboxes().map((b) => b.name).join(', ')})`);
      return Promise.all(box.messages.map((message) => summarizeMessage(message)));
    },
    transcripts: () => recorder.snapshot(),
    usage: () => server.usage(),
    close() {
      closing ??= (async () => {
        delivery?.close();
        await server.close();
      })();
      return closing;
    },
  };
}

/** Applies the capability changes to the standard profile, before anything listens, so a bad name fails first. */
function checkCapabilities(changes: readonly string[]): CapabilityChangeResult {
  try {
    return applyCapabilityChanges(STANDARD_PROFILE, changes);
  } catch (error) {
    if (error instanceof CapabilityChangeError) throw new ServerStartError('BAD_CAPABILITY', error.message, ['imap'], undefined, { cause: error });
    throw error;
  }
}

/** The throttle settings in force: the option as given, or on exactly when `host` is not loopback. */
function loginThrottleOf(option: StartServerOptions['loginThrottle'], host: string): LoginThrottleOptions | undefined {
  const on = option ?? !isLoopbackHost(host);
  if (on === false) return undefined;
  return on === true ? DEFAULT_LOGIN_THROTTLE : on;
}

/** Checks the operator's certificate and key, or makes a self-signed certificate for `host`. */
function resolveTls(option: NonNullable<StartServerOptions['tls']>, host: string): { identity: TlsIdentity; required: boolean } {
  const given = option === true ? {} : option;
  const required = given.required ?? false;
  if (given.cert === undefined && given.key === undefined) {
    const hosts = ['localhost', '127.0.0.1', '::1', ...(host === '0.0.0.0' || host === '::' ? [] : [host])];
    return { identity: generateSelfSigned(hosts), required };
  }
  if (given.cert === undefined || given.key === undefined) {
    throw new ServerStartError('BAD_TLS', `tls needs both cert and key (got only the ${given.cert === undefined ? 'key' : 'certificate'})`, []);
  }
  try {
    return { identity: checkCredentials({ cert: given.cert, key: given.key }), required };
  } catch (error) {
    throw new ServerStartError('BAD_TLS', `tls: ${(error as Error).message}`, [], undefined, { cause: error });
  }
}

/** Rejects bad and clashing ports before anything listens, so the error names the option at fault. */
function checkPorts(ports: NonNullable<StartServerOptions['ports']>): Partial<Record<Listener, number | false>> {
  const seen = new Map<number, Listener>();
  for (const listener of LISTENER_ORDER) {
    const port = ports[listener];
    if (port === undefined || port === false) continue;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ServerStartError('BAD_PORT', `${label(listener)} port must be a whole number from 0 to 65535, got ${port}`, [listener], port);
    }
    const other = port === 0 ? undefined : seen.get(port);
    if (other) throw new ServerStartError('SAME_PORT', `${label(other)} and ${label(listener)} cannot share port ${port}`, [other, listener], port);
    seen.set(port, listener);
  }
  return { ...ports };
}

/** Turns the socket error of a failed listen into a ServerStartError naming the protocol. */
function explainListenError(error: unknown, host: string, requested: Partial<Record<Listener, number | false>>): unknown {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  // Ports are distinct (checkPorts), so the failing port names exactly one protocol.
  const protocol = LISTENER_ORDER.find((p) => port !== undefined && port !== 0 && requested[p] === port);
  const protocols = protocol ? [protocol] : [];
  const which = protocol ? ` (${label(protocol)})` : '';
  const cause = { cause: error };
  switch (code) {
    case 'EADDRINUSE':
      return new ServerStartError('PORT_IN_USE', `port ${port} is already in use${which}`, protocols, port, cause);
    case 'EACCES':
      return new ServerStartError('PORT_FORBIDDEN', `port ${port} needs privileges this process lacks${which}`, protocols, port, cause);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAFNOSUPPORT':
      return new ServerStartError('HOST_UNAVAILABLE', `cannot listen on ${host}: it is not an address of this machine (${code})`, [], undefined, cause);
    default:
      return error;
  }
}
