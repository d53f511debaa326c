import type net from 'node:net';
import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { MailStore } from '../store/store.js';
import type { ServerProfile } from '../providers/profile.js';
import { STANDARD_PROFILE } from '../providers/standard.js';
import type { Account } from '../store/account.js';
import { applyCapabilityChanges } from './capability-changes.js';
import { ImapConnection } from './connection.js';
import { featuresOf, type ImapFeatures } from './features.js';
import { MAX_CONNECTIONS } from './limits.js';
import { untaggedStatus } from './syntax/index.js';

export interface ImapServiceOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Host name in the greeting. Default "mailsim.test". */
  readonly hostname?: string;
  /** What the server offers before login, and to accounts without a profile of their own. Default standard. */
  readonly profile?: ServerProfile;
  /**
   * Changes applied on top of every profile, as `mailsim serve --capabilities` takes them:
   * "-QRESYNC" turns a piece off, "+NAME" or "NAME" on. Checked when the service is built.
   */
  readonly capabilities?: readonly string[];
  /** Every line in and out, LOGIN and AUTHENTICATE secrets masked, literals summarized. */
  readonly onWire?: WireListener;
  readonly onInternalError?: (error: unknown) => void;
}

/** The IMAP side of the server: one ImapConnection per accepted socket. */
export class ImapService {
  private readonly connections = new Map<net.Socket, ImapConnection>();
  private nextId = 1;
  private readonly features: ImapFeatures;
  /** Per profile object: the features with the capability changes applied. */
  private readonly byProfile = new Map<ServerProfile, ImapFeatures>();

  /** Throws CapabilityChangeError for a change it does not understand. */
  constructor(private readonly options: ImapServiceOptions) {
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
    if (this.connections.size >= MAX_CONNECTIONS) {
      socket.end(untaggedStatus('BYE', 'Too many connections; try again later'));
      return;
    }
    const connection = new ImapConnection(socket, {
      id: this.nextId++,
      store: this.options.store,
      clock: this.options.clock,
      hostname: this.options.hostname ?? 'mailsim.test',
      features: this.features,
      featuresFor: this.featuresFor,
      ...(this.options.onWire ? { onWire: this.options.onWire } : {}),
      ...(this.options.onInternalError ? { onInternalError: this.options.onInternalError } : {}),
    });
    this.connections.set(socket, connection);
    socket.once('close', () => this.connections.delete(socket));
    connection.start();
  }

  farewell(socket: net.Socket): void {
    this.connections.get(socket)?.farewell();
  }
}
