import type { WireEvent } from '../../protocol/transcript.js';
import type { RunOptions } from '../../scenario/runner.js';
import type { Frame } from '../../scenario/frames.js';
import { summariseExchanges, type Exchange, type TimedLine } from './exchanges.js';

/** An exchange with the device it belongs to. */
export interface DeviceExchange extends Exchange {
  readonly device: string;
}

/** What the HTML report needs beyond the RunResult, for one variant. */
export interface VariantRecording {
  readonly frames: readonly Frame[];
  /** Per device, in variant order of first appearance, its exchanges in the order they happened. */
  readonly exchanges: readonly DeviceExchange[];
}

interface Collected {
  readonly frames: Frame[];
  readonly lines: Map<string, TimedLine[]>;
}

/**
 * Listens to a run (RunOptions.onWire and onFrame) and keeps every wire line with the step it
 * belongs to, and every frame. The runner awaits each step and takes a frame after it, so a line
 * seen after frame k (k = 0 is the start) crossed during step k. Devices' lines are kept apart:
 * each device's order is fixed by its protocol, while the interleaving of two devices' sockets is
 * up to the operating system and must not reach the report.
 */
export class RunRecorder {
  private readonly variants = new Map<string, Collected>();

  /** Listeners to pass to runScenario (also forwarding wire lines to `alsoOnWire`, e.g. --trace). */
  listeners(alsoOnWire?: RunOptions['onWire']): Required<Pick<RunOptions, 'onWire' | 'onFrame'>> {
    return {
      onWire: (variant, device, event, at) => {
        this.line(variant, device, event, at);
        alsoOnWire?.(variant, device, event, at);
      },
      onFrame: (variant, frame) => this.collected(variant).frames.push(frame),
    };
  }

  private line(variant: string, device: string, event: WireEvent, at: number): void {
    const collected = this.collected(variant);
    let lines = collected.lines.get(device);
    if (!lines) collected.lines.set(device, (lines = []));
    lines.push({ event, at, step: collected.frames.length === 0 ? null : collected.frames.length - 1 });
  }

  private collected(variant: string): Collected {
    let collected = this.variants.get(variant);
    if (!collected) this.variants.set(variant, (collected = { frames: [], lines: new Map() }));
    return collected;
  }

  /** The recording of one variant; devices in the order given (the variant's), then any others. */
  variant(name: string, deviceOrder: readonly string[]): VariantRecording {
    const collected = this.variants.get(name);
    if (!collected) return { frames: [], exchanges: [] };
    const devices = [...deviceOrder.filter((d) => collected.lines.has(d)), ...[...collected.lines.keys()].filter((d) => !deviceOrder.includes(d)).sort()];
    const exchanges: DeviceExchange[] = [];
    // After the last frame the devices only log out, and how much of that is read before the
    // server closes is a race; the scenario ends at its last step, and so does the record.
    const last = collected.frames.length - 1;
    for (const device of devices) {
      const lines = collected.lines.get(device)!.filter((line) => line.step === null || line.step < last);
      for (const exchange of summariseExchanges(lines)) exchanges.push({ device, ...exchange });
    }
    return { frames: collected.frames, exchanges };
  }
}
