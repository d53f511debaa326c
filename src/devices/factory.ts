import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { Device } from './device.js';
import type { EventLog } from './events.js';
import { ImapDevice } from './imap/device.js';
import { Pop3Device } from './pop3-device.js';
import type { DeviceSettings } from './settings.js';

export interface DeviceContext {
  readonly host: string;
  readonly ports: { readonly pop3?: number; readonly imap?: number; readonly smtp?: number; readonly pop3s?: number; readonly imaps?: number; readonly smtps?: number };
  /** The server's certificate, for devices using TLS. */
  readonly ca?: string;
  /** The server files sent mail in Sent by itself (a provider rule): clients then do not APPEND. */
  readonly serverSavesSent?: boolean;
  readonly clock: Clock;
  readonly log: EventLog;
  readonly password: string;
  readonly onWire?: WireListener;
}

export function createDevice(name: string, settings: DeviceSettings, context: DeviceContext): Device {
  // SSL/TLS connects to the implicit-TLS port; STARTTLS and none to the plain one.
  const listener = settings.security === 'tls' ? (`${settings.protocol}s` as const) : settings.protocol;
  const port = context.ports[listener];
  if (port === undefined) throw new Error(`the server has no ${listener.toUpperCase()} listener`);
  if (settings.security !== 'none' && context.ca === undefined) throw new Error(`${name} uses ${settings.security === 'tls' ? 'SSL/TLS' : 'STARTTLS'}, and the server has no certificate`);
  const smtpPort = settings.security === 'tls' ? context.ports.smtps : context.ports.smtp;
  const environment = {
    name,
    password: context.password,
    host: context.host,
    port,
    ...(context.ca === undefined ? {} : { ca: context.ca }),
    clock: context.clock,
    log: context.log,
    ...(context.onWire ? { onWire: context.onWire } : {}),
    // Sending goes the same way: SSL/TLS to the submissions port (465), else the plain one (587).
    ...(smtpPort === undefined ? {} : { smtpPort }),
    ...(context.serverSavesSent ? { serverSavesSent: true } : {}),
  };
  switch (settings.protocol) {
    case 'pop3':
      return new Pop3Device({ ...environment, settings });
    case 'imap':
      return new ImapDevice({ ...environment, settings });
  }
}
