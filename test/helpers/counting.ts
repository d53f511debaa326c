/**
 * Counting reads, for the tests that hold a cost linear (test/scenario/linear-cost.test.ts, the
 * HTML report's): arrays wrapped so that each element read is counted. Reads are counted, never
 * timed, so the tests cannot fail on a slow machine, only on a scan per message.
 */

/** A read counter and a deep wrapper: arrays count each element read; plain objects pass wrapped values on. */
export function counting(): { wrap: <T>(value: T) => T; reads: () => number } {
  let reads = 0;
  const cache = new WeakMap<object, unknown>();
  const wrap = <T>(value: T): T => {
    if (typeof value !== 'object' || value === null) return value;
    const plain = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
    if (!plain) return value;
    const known = cache.get(value);
    if (known) return known as T;
    const proxy = new Proxy(value, {
      get(target, property, receiver) {
        if (Array.isArray(target) && typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return wrap(Reflect.get(target, property, receiver));
      },
    });
    cache.set(value, proxy);
    return proxy;
  };
  return { wrap, reads: () => reads };
}

/** Linear doubles; a scan per message quadruples. 2.5 leaves room for per-run constants. */
export const LINEAR = 2.5;
