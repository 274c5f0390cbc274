"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { checkJoinCode } from "@/lib/join-code";
import { button } from "./ui";

/**
 * The join code, typed. What is wrong is said as precisely as it can be (a
 * character no code has, named), and an old complaint goes as soon as what
 * is typed no longer earns it.
 */
export function JoinForm({ initialCode = "", initialError }: { initialCode?: string; initialError?: string }) {
  const t = useTranslations("Join");
  const router = useRouter();
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState(initialError ?? "");
  const errorId = useId();

  const strayCharacter = (value: string) => {
    const check = checkJoinCode(value);
    return !check.ok && check.problem === "character" ? check.character : null;
  };

  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const check = checkJoinCode(code);
        if (!check.ok) {
          setError(check.problem === "character" ? t("codeAlphabet", { character: check.character }) : t("codeLength"));
          return;
        }
        setError("");
        const target = `/j/${check.code}`;
        // The same code again (the session has gone live since): ask afresh.
        if (window.location.pathname === target) window.location.reload();
        else router.push(target);
      }}
    >
      <label htmlFor="join-code" className="block text-lg font-medium">
        {t("label")}
      </label>
      <input
        id="join-code"
        name="code"
        value={code}
        onChange={(e) => {
          const next = e.target.value;
          setCode(next);
          // A character no code has is said at once; anything else waits for "Join".
          const stray = strayCharacter(next);
          setError(stray ? t("codeAlphabet", { character: stray }) : "");
        }}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        inputMode="text"
        maxLength={12}
        placeholder="K7M3QX"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="w-full rounded-xl border-2 border-ink/30 bg-raised px-4 py-3 text-center font-mono text-3xl tracking-[0.3em] text-ink uppercase placeholder:text-ink/60 focus:border-accent"
      />
      {error && (
        <p id={errorId} role="alert" className="text-base font-medium text-danger">
          {error}
        </p>
      )}
      <button type="submit" className={button({ size: "lg", className: "w-full" })}>
        {t("submit")}
      </button>
    </form>
  );
}
