"use client";
import Link from "next/link";
import { useId, useState } from "react";
import { postJson } from "@/app/_lib/post-json";

export function AuthForm({ mode, next }: { mode: "signin" | "signup"; next?: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const signUp = mode === "signup";

  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setBusy(true);
        setError("");
        const ack = await postJson(`/api/auth/${mode}`, { email: form.get("email"), password: form.get("password") });
        setBusy(false);
        if (!ack.ok) return setError(ack.error.message);
        // A full load, so every server-rendered page sees the new cookie.
        window.location.assign(sameOriginPath(next) ?? "/console");
      }}
    >
      <div className="space-y-1">
        <label htmlFor="email" className="block font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autoComplete="email"
          className="w-full rounded-lg border border-ink/30 bg-white px-3 py-2 text-lg"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={signUp ? 10 : 1}
          autoComplete={signUp ? "new-password" : "current-password"}
          aria-describedby={[signUp && "password-hint", error && errorId].filter(Boolean).join(" ") || undefined}
          className="w-full rounded-lg border border-ink/30 bg-white px-3 py-2 text-lg"
        />
        {signUp && (
          <p id="password-hint" className="text-sm text-ink/70">
            At least 10 characters, and hard to guess: three or four unrelated words work well. Common passwords, your
            email, repeats and keyboard runs are refused.
          </p>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" className="font-medium text-red-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-lg bg-calm px-4 py-2.5 text-lg font-semibold text-white hover:bg-calm-dark disabled:opacity-60"
      >
        {signUp ? "Create account" : "Sign in"}
      </button>
      <p className="text-center text-sm">
        {signUp ? (
          <>
            Already have an account? <Link href="/signin" className="text-calm-dark underline">Sign in</Link>
          </>
        ) : (
          <>
            New to Attune? <Link href="/signup" className="text-calm-dark underline">Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}

/** `next` as a path on this site, or null: never bounce a facilitator to another origin. */
function sameOriginPath(next: string | undefined): string | null {
  if (!next) return null;
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}
