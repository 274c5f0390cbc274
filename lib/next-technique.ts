/**
 * The technique the console's "Push next" (the N key) sends: the one after the
 * technique on the phones now, in the list's order, back to the first after
 * the last. With no technique up (nothing, or the facilitator's own words),
 * the one after the last technique pushed, else the first.
 */
export function nextTechnique<K extends string>(order: readonly K[], current: K | null, lastPushed: K | null = null): K | null {
  if (order.length === 0) return null;
  const after = current ?? lastPushed;
  const index = after === null ? -1 : order.indexOf(after);
  return order[(index + 1) % order.length] ?? null;
}
