/**
 * A clock of event-loop turns, for sharing the loop fairly: {@link currentTurn} says which turn
 * the caller is in (a number that grows by one at each turn that asked), and {@link nextTurn}
 * resolves at the start of the next one, after the loop has polled for I/O. One `setImmediate`
 * serves every caller of a turn.
 */
let turn = 0;
let scheduled = false;
let wakeNext: (() => void) | null = null;
let next: Promise<void> | null = null;

function tick(): void {
  turn += 1;
  scheduled = false;
  const wake = wakeNext;
  wakeNext = null;
  next = null;
  wake?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(tick);
}

/** The current event-loop turn (only comparable with other values from this function). */
export function currentTurn(): number {
  schedule();
  return turn;
}

/** Resolves in the next event-loop turn, once I/O has been polled. */
export function nextTurn(): Promise<void> {
  schedule();
  next ??= new Promise<void>((resolve) => {
    wakeNext = resolve;
  });
  return next;
}
