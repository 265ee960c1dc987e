/**
 * Waits until `condition` holds, checking it again every few milliseconds, and fails naming
 * `what` after `timeoutMs`. For state a test cannot subscribe to (a file, an HTTP answer, a
 * store read from another process); where there is an event, wait for the event instead.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'the condition',
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
