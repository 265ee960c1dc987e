/**
 * Long work split into tasks, so that no single task holds the main thread: a task over 50 ms
 * delays the agent's next keystroke. Chromium's `scheduler` is used where there is one
 * (Electron, Chrome); elsewhere (tests in Node) a timer stands in.
 */
interface TaskScheduler {
  yield?: () => Promise<void>;
  postTask?: (work: () => void) => Promise<unknown>;
}

const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;

/** Resolves in a later task, once input and rendering have had their turn. */
export function yieldToMain(): Promise<void> {
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `work` once the page is idle (or after `timeoutMs` at the latest); returns a cancel.
 * Safari has no requestIdleCallback: there a short timer stands in.
 */
export function whenIdle(work: () => void, timeoutMs = 2_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => work(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 50);
  return () => clearTimeout(timer);
}

/** Runs `work` in a task of its own. */
export function inNextTask(work: () => void): void {
  if (scheduler?.postTask) void scheduler.postTask(work);
  else setTimeout(work, 0);
}
