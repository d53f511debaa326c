import { MAX_HELD_IDLE_CHANGES } from './limits.js';

/**
 * Whether news for idling sessions waits, and which sessions wait to be told once it may go.
 *
 * An idling session is told of a change the moment it happens (`mailsim serve`, the IDLE fan-out
 * the bench measures). A scenario's deliver step is different: all its messages arrive at one
 * virtual instant, and a real server tells an idling client of changes that close together once —
 * Dovecot waits NOTIFY_DELAY_MSECS (500 ms) after the first change it notices before it notifies
 * (dovecot/core src/lib-storage/mailbox-watch.c, `notify_callback`). So the runner holds IDLE news
 * while a step delivers, and each idling session then hears one `* n EXISTS` for the lot, not one
 * per message: the same news, without a write and a client-side parse per message and device.
 *
 * A session never holds more than MAX_HELD_IDLE_CHANGES: at that many it is told at once, so a
 * long hold cannot push it past MAX_PENDING_CHANGES (which would end it with BYE).
 */
export class IdleNewsHold {
  private holds = 0;
  /** Sessions with news held back, in the order they first had some: told in that order. */
  private readonly waiting = new Map<object, () => void>();

  get held(): boolean {
    return this.holds > 0;
  }

  /**
   * Holds IDLE news until the returned function is called (once; later calls do nothing). Holds
   * nest: news goes out when the last is released.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const tell of waiting) tell();
    };
  }

  /**
   * Whether a session that has `pending` changes waiting should tell them now. When not, `tell`
   * runs at the release (keyed by `session`, so it is kept once however many changes come).
   */
  tellsNow(session: object, pending: number, tell: () => void): boolean {
    if (!this.held || pending >= MAX_HELD_IDLE_CHANGES) return true;
    if (!this.waiting.has(session)) this.waiting.set(session, tell);
    return false;
  }

  /** A session that closed has nothing to be told by the release (one that only left IDLE checks for itself). */
  forget(session: object): void {
    this.waiting.delete(session);
  }
}
