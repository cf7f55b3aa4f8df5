// Ctrl-C as kubectl answers it. Commands that wait (get -w, rollout status, logs -f, exec -t) run
// under kubectl's interrupt handler: the first SIGHUP, SIGINT, SIGTERM or SIGQUIT stops the wait,
// the command cleans up (closes its watch, restores the terminal) and the process exits 1.
// Commands that write objects (apply, create, replace) have no handler in kubectl and die by the
// signal; tkctl holds the signal until the object being sent has been reported, so that the objects
// printed are exactly the objects written, then dies by it all the same.

const TERMINATION_SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGQUIT'];

/**
 * kubectl's interrupt handler: resolves at the first termination signal, after which the process
 * exits 1 whatever the command returns. A second signal ends it at once.
 */
export function interruption(): Promise<void> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = () => {
      if (received) process.exit(1);
      received = true;
      process.once('exit', () => (process.exitCode = 1));
      resolve();
    };
    for (const signal of TERMINATION_SIGNALS) process.on(signal, onSignal);
  });
}

let held: NodeJS.Signals | undefined;

/** Hold SIGINT and SIGTERM (the signals that end kubectl's apply); returns the release. */
export function holdSignals(): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for the object in flight.
    if (held) dieBy(signal);
    held = signal;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
  return () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
  };
}

/** The signal held so far: the writer stops before the next object, and prunes nothing. */
export const heldSignal = (): NodeJS.Signals | undefined => held;

/** After the command's clean-up: end by the signal that was held, as kubectl would have ended. */
export function raiseHeldSignal(): void {
  if (held) dieBy(held);
}

function dieBy(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}
