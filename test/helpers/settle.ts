/**
 * Lets the event loop run - setImmediate turns, in which sockets deliver whatever the kernel
 * holds; no timers, no wall clock - until `probe` has returned the same value for `quiet` turns in
 * a row, and returns that value. For tests that check what a server keeps once a peer has sent all
 * it can and the server has taken all it will: a state, not a moment. Test sockets must not delay
 * their writes (setNoDelay), or data may still be on its way after the loop went quiet.
 */
export async function settle<T>(probe: () => T, quiet = 500, maxTurns = 200_000): Promise<T> {
  let last = probe();
  let same = 0;
  for (let turn = 0; turn < maxTurns && same < quiet; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const value = probe();
    if (value === last) same++;
    else {
      last = value;
      same = 0;
    }
  }
  return last;
}
