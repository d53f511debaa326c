import type net from 'node:net';
import { ConnectionGate, type ConnectionCaps } from '../protocol/connection-gate.js';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import { refuseConnection } from '../protocol/refuse.js';
import type { Timers } from '../protocol/timers.js';
import type tls from 'node:tls';
import type { TranscriptSink, WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { MailStore } from '../store/store.js';
import type { ServerProfile } from '../providers/profile.js';
import { STANDARD_PROFILE } from '../providers/standard.js';
import type { Account } from '../store/account.js';
import { applyCapabilityChanges } from './capability-changes.js';
import { ImapConnection, type ConnectionUsage, type OutputStats } from './connection.js';
import { featuresOf, type ImapFeatures } from './features.js';
import { IdleNewsHold } from './idle-news.js';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_LITERAL_BYTES_IN_FLIGHT } from './limits.js';
import { OctetBudget } from '../protocol/octet-budget.js';
import { ResponseCache } from './response-cache.js';
import { untaggedStatusText } from './syntax/index.js';

export interface ImapServiceOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Host name in the greeting. Default "mailsim.test". */
  readonly hostname?: string;
  /** What the server offers before login, and to accounts without a profile of their own. Default standard. */
  readonly profile?: ServerProfile;
  /**
   * Changes applied on top of every profile, as `mailsim serve --capabilities` takes them:
   * "-QRESYNC" turns a piece off, "+NAME" or "NAME" on. Checked when the service is built.
   */
  readonly capabilities?: readonly string[];
  /** Default MAX_CONNECTIONS in all, MAX_CONNECTIONS_PER_ADDRESS from one address. */
  readonly caps?: ConnectionCaps;
  /** Failed-login delays per address; none means no delay. */
  readonly throttle?: LoginThrottle;
  /** Every line in and out, LOGIN and AUTHENTICATE secrets masked, literals summarized. */
  readonly onWire?: WireListener;
  /** Keeps every connection's transcript (startServer's transcripts()). */
  readonly transcripts?: TranscriptSink;
  readonly onInternalError?: (error: unknown) => void;
  /** STARTTLS on plaintext connections (and LOGINDISABLED before it when required). Default: no TLS. */
  readonly tls?: { readonly context: tls.SecureContext; readonly required: boolean };
}

/** What the IMAP side holds right now, over all its connections. */
export interface ImapUsage extends ConnectionUsage {
  readonly connections: number;
  /** Socket writes since the service started: one per batch of responses (see ImapConnection.write). */
  readonly socketWrites: number;
  /** FETCH items built and serialized because the response cache did not have them (response-cache.ts). */
  readonly responseCacheMisses: number;
  /** Octets counted against MAX_CACHED_STRUCTURE_OCTETS. */
  readonly responseCacheOctets: number;
}

export const DEFAULT_IMAP_CAPS: ConnectionCaps = { total: MAX_CONNECTIONS, perAddress: MAX_CONNECTIONS_PER_ADDRESS };

/** The IMAP side of the server: one ImapConnection per accepted socket. */
export class ImapService {
  private readonly connections = new Map<net.Socket, ImapConnection>();
  private readonly gate: ConnectionGate;
  private readonly literals = new OctetBudget(MAX_LITERAL_BYTES_IN_FLIGHT);
  private readonly responseCache = new ResponseCache();
  private readonly stats: OutputStats = { socketWrites: 0 };
  private readonly idleNews = new IdleNewsHold();
  private nextId = 1;
  private readonly features: ImapFeatures;
  /** Per profile object: the features with the capability changes applied. */
  private readonly byProfile = new Map<ServerProfile, ImapFeatures>();

  /** Throws CapabilityChangeError for a change it does not understand. */
  constructor(private readonly options: ImapServiceOptions) {
    this.gate = new ConnectionGate(options.caps ?? DEFAULT_IMAP_CAPS);
    this.features = this.featuresOfProfile(options.profile ?? STANDARD_PROFILE);
  }

  private featuresOfProfile(profile: ServerProfile): ImapFeatures {
    let features = this.byProfile.get(profile);
    if (!features) {
      const changes = this.options.capabilities ?? [];
      features = featuresOf(changes.length === 0 ? profile : applyCapabilityChanges(profile, changes).profile);
      this.byProfile.set(profile, features);
    }
    return features;
  }

  private readonly featuresFor = (account: Account): ImapFeatures => (account.profile ? this.featuresOfProfile(account.profile) : this.features);

  accept(socket: net.Socket): void {
    const admission = this.gate.admit(socket.remoteAddress);
    if (!admission.admitted) {
      const from = admission.cap === 'perAddress' ? ' from your address' : '';
      refuseConnection(socket, untaggedStatusText('BYE', `Too many connections${from}; try again later`));
      return;
    }
    const connection = new ImapConnection(socket, {
      id: this.nextId++,
      store: this.options.store,
      clock: this.options.clock,
      hostname: this.options.hostname ?? 'mailsim.test',
      features: this.features,
      featuresFor: this.featuresFor,
      timers: this.options.timers,
      literals: this.literals,
      responseCache: this.responseCache,
      stats: this.stats,
      idleNews: this.idleNews,
      ...(this.options.throttle ? { throttle: this.options.throttle } : {}),
      ...(this.options.onWire ? { onWire: this.options.onWire } : {}),
      ...(this.options.transcripts ? { transcripts: this.options.transcripts } : {}),
      ...(this.options.onInternalError ? { onInternalError: this.options.onInternalError } : {}),
      ...(this.options.tls ? { tls: this.options.tls } : {}),
    });
    this.connections.set(socket, connection);
    socket.once('close', () => {
      this.connections.delete(socket);
      admission.release();
    });
    connection.start();
  }

  /**
   * Holds news for idling sessions until the returned function is called: each is then told
   * what changed meanwhile at once (one `* n EXISTS` for many arrivals). See idle-news.ts.
   */
  holdIdleNews(): () => void {
    return this.idleNews.hold();
  }

  farewell(socket: net.Socket): void {
    this.connections.get(socket)?.farewell();
  }

  usage(): ImapUsage {
    let bufferedInputBytes = 0;
    let queuedOutputBytes = 0;
    let pendingChanges = 0;
    for (const connection of this.connections.values()) {
      const usage = connection.usage();
      bufferedInputBytes += usage.bufferedInputBytes;
      queuedOutputBytes += usage.queuedOutputBytes;
      pendingChanges += usage.pendingChanges;
    }
    return {
      connections: this.connections.size,
      bufferedInputBytes,
      queuedOutputBytes,
      literalBytes: this.literals.inUse,
      pendingChanges,
      socketWrites: this.stats.socketWrites,
      responseCacheMisses: this.responseCache.serializations,
      responseCacheOctets: this.responseCache.cachedStructureOctets,
    };
  }
}
