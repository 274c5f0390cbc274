/**
 * Taps not yet acknowledged by the server, kept in localStorage so they
 * survive a reload or a sleeping phone. Each keeps its id, so a resend after
 * an ack lost on the way is stored once.
 */
export interface PendingTap {
  id: string;
  signal: string;
  /** Date.now() on this phone when tapped; only the age is ever sent. */
  tappedAt: number;
}

const key = (code: string) => `attune:outbox:${code}`;
const MAX_PENDING = 200;

export function loadOutbox(code: string): PendingTap[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(code)) ?? "[]");
    return Array.isArray(parsed) ? (parsed as PendingTap[]).slice(-MAX_PENDING) : [];
  } catch {
    return [];
  }
}

export function saveOutbox(code: string, pending: PendingTap[]): void {
  try {
    if (pending.length) localStorage.setItem(key(code), JSON.stringify(pending.slice(-MAX_PENDING)));
    else localStorage.removeItem(key(code));
  } catch {
    // Private mode or a full store: taps still go out while the page is open.
  }
}

export const tokenKey = (code: string) => `attune:resume:${code}`;
