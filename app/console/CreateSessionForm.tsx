"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "@/app/_lib/post-json";

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
        const ack = await postJson<{ id: string }>("/api/sessions", { title });
        setBusy(false);
        if (!ack.ok) return setError(ack.error.message);
        router.push(`/console/s/${ack.data.id}`);
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
