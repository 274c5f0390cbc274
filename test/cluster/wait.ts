/** Bounded waiting: every wait in the cluster tests has a deadline and says what it waited for. */

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Named in the error when the deadline passes. */
  what: string;
  /** Appended to that error: the state that was seen last. */
  seen?: () => string;
}

/** Polls `check` until it returns true; a throw from `check` ends the wait at once. */
export async function waitUntil(check: () => boolean | Promise<boolean>, { timeoutMs, intervalMs = 50, what, seen }: WaitOptions): Promise<number> {
  const began = Date.now();
  const deadline = began + timeoutMs;
  for (;;) {
    if (await check()) return Date.now() - began;
    if (Date.now() >= deadline) throw new Error(`waited ${timeoutMs} ms for ${what}${seen ? `; last seen: ${seen()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
