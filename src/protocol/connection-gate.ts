/**
 * Connection caps shared by the three services: at most `total` open connections per protocol, and
 * at most `perAddress` from one remote address, so one client (or one host) cannot take every
 * slot and lock everyone else out. The service refuses a connection over a cap at once.
 */
export interface ConnectionCaps {
  readonly total: number;
  readonly perAddress: number;
}

export type Admission = { readonly admitted: true; release(): void } | { readonly admitted: false; readonly cap: 'total' | 'perAddress' };

export class ConnectionGate {
  private open = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(readonly caps: ConnectionCaps) {}

  /** Counts a new connection from `address` if both caps allow it; release() when it closes. */
  admit(address: string | undefined): Admission {
    const key = address ?? 'unknown';
    const fromAddress = this.byAddress.get(key) ?? 0;
    if (this.open >= this.caps.total) return { admitted: false, cap: 'total' };
    if (fromAddress >= this.caps.perAddress) return { admitted: false, cap: 'perAddress' };
    this.open++;
    this.byAddress.set(key, fromAddress + 1);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.open--;
        const left = (this.byAddress.get(key) ?? 1) - 1;
        if (left === 0) this.byAddress.delete(key);
        else this.byAddress.set(key, left);
      },
    };
  }

  get count(): number {
    return this.open;
  }
}
