/** What both feed producers do as processes: timestamped log lines, and a clean stop on signals. */

/** Logs `HH:MM:SS name: text` lines to stdout. */
export function logLine(name: string): (text: string) => void {
  return (text) => {
    const time = new Date().toISOString().slice(11, 19);
    console.log(`${time} ${name}: ${text}`);
  };
}

/**
 * An AbortSignal that fires on the first SIGINT or SIGTERM, so the producer finishes what it is
 * doing and exits; a second signal exits at once (130) for an operator who has lost patience.
 */
export function stopOnSignals(onStop: () => void): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    onStop();
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}
