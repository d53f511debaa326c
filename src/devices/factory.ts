import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { ResolvedDeviceSettings } from '../scenario/schema.js';
import type { Device } from './device.js';
import type { EventLog } from './events.js';
import { ImapDevice } from './imap-device.js';
import { Pop3Device } from './pop3-device.js';

export interface DeviceContext {
  readonly host: string;
  readonly ports: { readonly pop3?: number; readonly imap?: number };
  readonly clock: Clock;
  readonly log: EventLog;
  readonly password: string;
  readonly onWire?: WireListener;
}

export function createDevice(name: string, settings: ResolvedDeviceSettings, context: DeviceContext): Device {
  switch (settings.protocol) {
    case 'pop3': {
      if (context.ports.pop3 === undefined) throw new Error('the server has no POP3 listener');
      return new Pop3Device({
        name,
        settings,
        password: context.password,
        host: context.host,
        port: context.ports.pop3,
        clock: context.clock,
        log: context.log,
        ...(context.onWire ? { onWire: context.onWire } : {}),
      });
    }
    case 'imap': {
      if (context.ports.imap === undefined) throw new Error('the server has no IMAP listener');
      return new ImapDevice({
        name,
        settings,
        password: context.password,
        host: context.host,
        port: context.ports.imap,
        clock: context.clock,
        log: context.log,
        ...(context.onWire ? { onWire: context.onWire } : {}),
      });
    }
  }
}
