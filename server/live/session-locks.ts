/**
 * Runs facilitator actions on one session one at a time, so that checking a
 * session's state, writing it and broadcasting it cannot interleave: a
 * double-clicked "Go live" yields one join code, and no prompt can slip in
 * after "End session". In-process: one node owns a session's actions.
 */
export class SessionLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(sessionId: string, action: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(sessionId) ?? Promise.resolve();
    const result = previous.then(action, action);
    const tail = result.catch(() => {});
    this.tails.set(sessionId, tail);
    void tail.then(() => {
      if (this.tails.get(sessionId) === tail) this.tails.delete(sessionId);
    });
    return result;
  }
}
