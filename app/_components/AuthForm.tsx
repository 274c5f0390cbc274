"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useErrorText } from "@/app/_lib/error-text";
import { postJson } from "@/app/_lib/post-json";
import { button, field } from "./ui";

export function AuthForm({ mode, next }: { mode: "signin" | "signup"; next?: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const signUp = mode === "signup";
  const t = useTranslations("Auth");
  const errorText = useErrorText();

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
        if (!ack.ok) return setError(errorText(ack.error));
        // A full load, so every server-rendered page sees the new cookie.
        window.location.assign(sameOriginPath(next) ?? "/console");
      }}
    >
      <div className="space-y-1">
        <label htmlFor="email" className="block font-medium">
          {t("email")}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autoComplete="email"
          className={field("text-lg")}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block font-medium">
          {t("password")}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={signUp ? 10 : 1}
          autoComplete={signUp ? "new-password" : "current-password"}
          aria-describedby={[signUp && "password-hint", error && errorId].filter(Boolean).join(" ") || undefined}
          className={field("text-lg")}
        />
        {signUp && (
          <p id="password-hint" className="text-sm text-ink/70">
            {t("passwordHint")}
          </p>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" className="font-medium text-danger">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className={button({ size: "lg", className: "w-full" })}
      >
        {signUp ? t("signUp") : t("signIn")}
      </button>
      <p className="text-center text-sm">
        {signUp ? (
          <>
            {t("haveAccount")}{" "}
            <Link href={next ? `/signin?next=${encodeURIComponent(next)}` : "/signin"} className="text-accent-strong underline">
              {t("signIn")}
            </Link>
          </>
        ) : (
          <>
            {t("newHere")}{" "}
            <Link href={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"} className="text-accent-strong underline">
              {t("createAccount")}
            </Link>
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
