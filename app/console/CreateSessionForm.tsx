"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { button, field } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { postJson } from "@/app/_lib/post-json";

export function CreateSessionForm() {
  const t = useTranslations("Console.list");
  const errorText = useErrorText();
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
        if (!ack.ok) return setError(errorText(ack.error));
        router.push(`/console/s/${ack.data.id}`);
      }}
    >
      <div className="flex-1 space-y-1">
        <label htmlFor="session-title" className="block font-medium">
          {t("titleLabel")}
        </label>
        <input id="session-title" name="title" required maxLength={120} placeholder={t("titlePlaceholder")} className={field()} />
      </div>
      <button type="submit" disabled={busy} className={button()}>
        {t("create")}
      </button>
      {error && (
        <p role="alert" className="font-medium text-danger sm:basis-full">
          {error}
        </p>
      )}
    </form>
  );
}
