"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { normalizeJoinCode } from "@/lib/join-code";

export function JoinForm({ initialCode = "", initialError }: { initialCode?: string; initialError?: string }) {
  const router = useRouter();
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState(initialError ?? "");
  const errorId = useId();

  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const normalized = normalizeJoinCode(code);
        if (!normalized) {
          setError("A join code has 6 letters and numbers, like K7M3QX. Check it with your facilitator.");
          return;
        }
        setError("");
        const target = `/j/${normalized}`;
        // The same code again (the session has gone live since): ask afresh.
        if (window.location.pathname === target) window.location.reload();
        else router.push(target);
      }}
    >
      <label htmlFor="join-code" className="block text-lg font-medium">
        Join code
      </label>
      <input
        id="join-code"
        name="code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        inputMode="text"
        maxLength={12}
        placeholder="K7M3QX"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="w-full rounded-xl border-2 border-calm/30 bg-white px-4 py-3 text-center font-mono text-3xl tracking-[0.3em] uppercase placeholder:text-ink/40 focus:border-calm"
      />
      {error && (
        <p id={errorId} role="alert" className="text-base font-medium text-red-800">
          {error}
        </p>
      )}
      <button type="submit" className="w-full rounded-xl bg-calm px-4 py-3 text-lg font-semibold text-white hover:bg-calm-dark">
        Join
      </button>
    </form>
  );
}
