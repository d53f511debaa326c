import type { Device, DeviceSnapshot } from '../devices/device.js';
import type { EventLog } from '../devices/events.js';
import { ALL } from '../devices/select.js';
import type { Clock } from '../sim/clock.js';
import { deliveredSubjects } from './messages.js';
import type { ServerAccount } from './result.js';
import type { Step } from './schema.js';

/**
 * What every device and the server held at one moment of a run: after the devices started
 * (`step: null`) and after each step had settled. The HTML report's "state at any moment" is made
 * of these. Frames are taken only when a caller asks (RunOptions.onFrame), since each one copies
 * every device's folders and reads the headers of every message on the server; a run has one
 * frame per step, so their number is bounded by the scenario file itself.
 */
export interface Frame {
  /** The step just finished, or null for the moment the devices had started. */
  readonly step: FrameStep | null;
  /** Virtual time when the frame was taken. */
  readonly at: number;
  /** How many run events had been recorded: events[0 .. events-1] happened up to this frame. */
  readonly events: number;
  readonly devices: readonly DeviceSnapshot[];
  readonly server: readonly ServerAccount[];
}

export interface FrameStep {
  /** Position in the scenario's steps, from 0. */
  readonly index: number;
  readonly kind: Step['kind'];
  /** The step in a few words: "sync laptop", "read \"Dinner on Friday?\" on laptop". */
  readonly text: string;
  /** Line of the scenario file where the step is written. */
  readonly line: number;
}

export interface FrameSources {
  readonly clock: Clock;
  readonly log: EventLog;
  readonly devices: Iterable<Device>;
  readonly server: () => Promise<readonly ServerAccount[]>;
}

/** Takes one frame. Device state is copied before anything awaits, so it is exactly "now". */
export async function captureFrame(step: { readonly step: Step; readonly index: number } | null, sources: FrameSources): Promise<Frame> {
  const at = sources.clock.now();
  const events = sources.log.length;
  const devices = [...sources.devices].map((device) => copySnapshot(device.snapshot()));
  const server = (await sources.server()).map((account) => ({
    address: account.address,
    mailboxes: account.mailboxes.map((box) => ({ ...box, messages: box.messages.map((m) => ({ ...m, flags: [...m.flags] })) })),
  }));
  return { step: step ? { index: step.index, kind: step.step.kind, text: describeStep(step.step), line: step.step.line } : null, at, events, devices, server };
}

function copySnapshot(snapshot: DeviceSnapshot): DeviceSnapshot {
  return { ...snapshot, folders: snapshot.folders.map((f) => ({ name: f.name, messages: f.messages.map((m) => ({ ...m })) })) };
}

/** A step as a short phrase for a time axis. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'deliver': {
      const subjects = deliveredSubjects(step.args);
      const what = subjects.length === 1 ? `"${subjects[0]}"` : `${subjects.length} messages ("${subjects[0]}" …)`;
      const to = step.args.to === undefined ? '' : ` to ${typeof step.args.to === 'string' ? step.args.to : step.args.to.join(', ')}`;
      return `deliver ${what}${to}`;
    }
    case 'sync':
      if (typeof step.args === 'object' && !Array.isArray(step.args)) return `open ${step.args.folder} on ${step.args.device}`;
      return `sync ${typeof step.args === 'string' ? step.args : step.args.join(', ')}`;
    case 'read':
    case 'unread':
    case 'flag':
    case 'unflag':
    case 'delete':
      return `${step.kind} ${messageName(step.args.message)} on ${step.args.device}${step.args.folder ? ` (${step.args.folder})` : ''}`;
    case 'move':
    case 'copy':
      return `${step.kind} ${messageName(step.args.message)} to ${step.args.to} on ${step.args.device}`;
    case 'send':
      return `send "${step.args.subject}" from ${step.args.device}`;
    case 'reply':
      return `reply to ${messageName(step.args.message)} on ${step.args.device}`;
    case 'set':
      return `change settings on ${step.args.device}`;
    case 'wait':
      return 'time passes';
    case 'advance':
      return `${step.args} passes`;
    case 'offline':
      return `${step.args} goes offline`;
    case 'online':
      return `${step.args} comes back online`;
    case 'note':
      return step.args;
  }
}

function messageName(selector: string | number): string {
  return typeof selector === 'number' ? `message ${selector}` : selector === ALL ? 'every message' : `"${selector}"`;
}
