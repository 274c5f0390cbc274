"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function CreateSessionForm() {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
      onSubmit={async (event) => {
        event.preventDefault();
        const title = new FormData(event.currentTarget).get("title");
        setBusy(true);
        setError("");
        try {
          const res = await fetch("/api/sessions", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ title }),
          });
          const body = await res.json();
          if (!body.ok) return setError(body.error.message);
          router.push(`/console/s/${body.data.id}`);
        } catch {
          setError("Could not reach Attune. Try again.");
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="flex-1 space-y-1">
        <label htmlFor="session-title" className="block font-medium">
          Session title
        </label>
        <input
          id="session-title"
          name="title"
          required
          maxLength={120}
          placeholder="Breakthrough moments — cohort 3"
          className="w-full rounded-lg border border-ink/30 bg-white px-3 py-2"
        />
      </div>
      <button type="submit" disabled={busy} className="rounded-lg bg-calm px-4 py-2 font-semibold text-white hover:bg-calm-dark disabled:opacity-60">
        Create session
      </button>
      {error && (
        <p role="alert" className="font-medium text-red-800 sm:basis-full">
          {error}
        </p>
      )}
    </form>
  );
}
