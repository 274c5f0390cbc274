"use client";

/**
 * Shown instead of a page whose code is older than the server it talks to
 * (the handshake said OUTDATED): one reload brings the new version.
 */
export function UpdatedNotice() {
  return (
    <div role="alert" className="mx-4 my-10 max-w-md space-y-4 rounded-2xl bg-white p-6 text-ink shadow-sm sm:mx-auto">
      <h1 className="text-2xl font-semibold tracking-tight">Attune was updated — reload</h1>
      <p className="text-ink/80">This page was opened before the update. Reload it to carry on where you were.</p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="rounded-lg bg-calm px-4 py-2 font-semibold text-white hover:bg-calm-dark"
      >
        Reload
      </button>
    </div>
  );
}

/** The join link a phone follows: the code, and the key that shows it was not guessed. */
export function joinLink(origin: string, code: string, key: string | null): string {
  return `${origin}/j/${code}${key ? `?k=${key}` : ""}`;
}
