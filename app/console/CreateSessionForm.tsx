"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { button, field } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { postJson } from "@/app/_lib/post-json";

/** Somewhere a session can start from, as the form offers it ("exercise:<key>", "template:<id>", "session:<id>"). */
export interface StartingPoint {
  value: string;
  title: string;
  /** The deck's prompt titles, if it has a deck. */
  deck: string[];
}

/** "exercise:key" → { kind: "exercise", key }; anything else is a blank session. */
function originOf(value: string) {
  const [kind, ref] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
  if (kind === "exercise") return { kind, key: ref };
  if (kind === "template" || kind === "session") return { kind, id: ref };
  return { kind: "blank" };
}

/**
 * A new session: a title, and where it starts from — blank, one of the seed's
 * practice exercises, one of the facilitator's session templates, or a
 * previous session (its deck, palette and confidentiality note).
 */
export function CreateSessionForm({
  exercises,
  templates,
  previous,
  initialFrom = "blank",
}: {
  exercises: StartingPoint[];
  templates: StartingPoint[];
  previous: StartingPoint[];
  initialFrom?: string;
}) {
  const t = useTranslations("Console.list");
  const ts = useTranslations("Library.start");
  const errorText = useErrorText();
  const router = useRouter();
  const all = [...exercises, ...templates, ...previous];
  const [from, setFrom] = useState(() => (all.some((p) => p.value === initialFrom) ? initialFrom : "blank"));
  const [title, setTitle] = useState(() => all.find((p) => p.value === initialFrom)?.title ?? "");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const chosen = all.find((p) => p.value === from);
  return (
    <form
      className="grid gap-3 sm:grid-cols-2 sm:items-end"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError("");
        const ack = await postJson<{ id: string }>("/api/sessions", { title, from: originOf(from) });
        setBusy(false);
        if (!ack.ok) return setError(errorText(ack.error));
        router.push(`/console/s/${ack.data.id}`);
      }}
    >
      <div className="space-y-1">
        <label htmlFor="session-from" className="block font-medium">
          {ts("from")}
        </label>
        <select
          id="session-from"
          value={from}
          onChange={(e) => {
            const next = all.find((p) => p.value === e.target.value);
            // A title still empty, or the one the last choice filled in, follows the choice.
            if (!title.trim() || title === chosen?.title) setTitle(next?.title ?? "");
            setFrom(e.target.value);
          }}
          aria-describedby={chosen ? "session-from-deck" : undefined}
          className={field()}
        >
          <option value="blank">{ts("blank")}</option>
          {(
            [
              [ts("exercises"), exercises],
              [ts("templates"), templates],
              [ts("previous"), previous],
            ] as const
          ).map(([label, points]) =>
            points.length === 0 ? null : (
              <optgroup key={label} label={label}>
                {points.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.title}
                  </option>
                ))}
              </optgroup>
            ),
          )}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="session-title" className="block font-medium">
          {t("titleLabel")}
        </label>
        <input
          id="session-title"
          name="title"
          required
          maxLength={120}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t("titlePlaceholder")}
          className={field()}
        />
      </div>
      {chosen && chosen.deck.length > 0 && (
        <p id="session-from-deck" className="text-sm break-words text-ink/80 sm:col-span-2">
          {ts("exerciseDeck", { titles: chosen.deck.join(" · ") })}
        </p>
      )}
      <div className="sm:col-span-2">
        <button type="submit" disabled={busy} className={button()}>
          {t("create")}
        </button>
      </div>
      {error && (
        <p role="alert" className="font-medium text-danger sm:col-span-2">
          {error}
        </p>
      )}
    </form>
  );
}
