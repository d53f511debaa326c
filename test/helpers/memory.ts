import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection, for tests that check memory is released. Node exposes gc() only with
 * --expose-gc; setting the flag at run time and taking gc from a fresh context gives the same
 * function without changing how vitest starts its workers.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

/**
 * Memory in use after a full collection, in bytes: the V8 heap plus ArrayBuffer memory, where
 * Buffers (message bytes) live outside the heap. Counting only the heap made "40 MB loaded"
 * depend on how much of the load happened to be strings.
 */
export function heapAfterGc(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Whether each object is still reachable after a full collection. Works from WeakRefs made
 * before the objects' last strong references were dropped.
 */
export function stillAlive(refs: readonly WeakRef<object>[]): number {
  collectGarbage();
  return refs.filter((ref) => ref.deref() !== undefined).length;
}
