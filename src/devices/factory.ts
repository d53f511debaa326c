import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { Device } from './device.js';
import type { EventLog } from './events.js';
import { ImapDevice } from './imap/device.js';
import { Pop3Device } from './pop3-device.js';
import type { DeviceSettings } from './settings.js';

export interface DeviceContext {
  readonly host: string;
  readonly ports: { readonly pop3?: number; readonly imap?: number; readonly smtp?: number };
  /** The server files sent mail in Sent by itself (a provider rule): clients then do not APPEND. */
  readonly serverSavesSent?: boolean;
  readonly clock: Clock;
  readonly log: EventLog;
  readonly password: string;
  readonly onWire?: WireListener;
}

export function createDevice(name: string, settings: DeviceSettings, context: DeviceContext): Device {
  const port = context.ports[settings.protocol];
  if (port === undefined) throw new Error(`the server has no ${settings.protocol.toUpperCase()} listener`);
  const environment = {
    name,
    password: context.password,
    host: context.host,
    port,
    clock: context.clock,
    log: context.log,
    ...(context.onWire ? { onWire: context.onWire } : {}),
    ...(context.ports.smtp === undefined ? {} : { smtpPort: context.ports.smtp }),
    ...(context.serverSavesSent ? { serverSavesSent: true } : {}),
  };
  switch (settings.protocol) {
    case 'pop3':
      return new Pop3Device({ ...environment, settings });
    case 'imap':
      return new ImapDevice({ ...environment, settings });
  }
}
