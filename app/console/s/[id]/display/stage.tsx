"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { QrCode } from "@/app/_components/QrCode";

/**
 * The room display's pieces. Everything is sized in viewport units, so a
 * 720p projector and a 4K screen show the same picture, only sharper, and the
 * code reads from the back of the room. The stage is dark in both themes:
 * the deep accent by day, the night canvas by night (tokens only).
 */
export const STAGE = "bg-accent-strong text-on-accent dark:bg-canvas dark:text-ink";
export const MUTED = "text-on-accent/80 dark:text-ink/80";
/** The join code and other things that should stand out on the stage. */
const BRIGHT = "text-on-accent dark:text-accent-strong";

/** A screen of the display with nothing but its message, centred: waiting, connecting, ended. */
function CalmScreen({ children }: { children: React.ReactNode }) {
  return (
    <main className={`${STAGE} grid h-dvh place-items-center overflow-hidden p-[6vmin] text-center`}>
      <div className="flex max-w-[85vw] flex-col items-center gap-[4vmin]">{children}</div>
    </main>
  );
}

/** A slow breathing circle: something is on its way, nothing needs doing. */
function Breath() {
  return <span aria-hidden="true" className="block size-[7vmin] animate-breathe rounded-full border-[0.8vmin] border-current opacity-80" />;
}

export function WaitingScreen({ title, connecting }: { title: string | null; connecting: boolean }) {
  const t = useTranslations("Display");
  return (
    <CalmScreen>
      <Breath />
      <h1 className="text-[8vmin] leading-tight font-semibold tracking-tight text-balance">{title ?? "Attune"}</h1>
      <p className={`text-[4vmin] ${MUTED}`} role="status">
        {connecting ? t("connecting") : t("waiting")}
      </p>
      {!connecting && <p className={`text-[3vmin] ${MUTED}`}>{t("waitingHint")}</p>}
    </CalmScreen>
  );
}

export function EndedScreen({ title }: { title: string }) {
  const t = useTranslations("Display");
  return (
    <CalmScreen>
      <h1 className={`text-[4vmin] font-medium text-balance ${MUTED}`}>{title}</h1>
      {/* One heading that reads "This session has ended. Thank you.", with the thanks shown first and large. */}
      <h2 className="flex flex-col-reverse items-center gap-[3vmin]">
        <span className="text-[5vmin]">{t("ended")}</span>{" "}
        <span className="font-serif text-[18vmin] leading-none">{t("thanks")}</span>
      </h2>
      <p className={`text-[3vmin] ${MUTED}`}>{t("endedHint")}</p>
    </CalmScreen>
  );
}

/** The live screen's frame: the title, who is present, and the body below. */
export function LiveStage({ title, present, reconnecting, children }: { title: string; present: number; reconnecting: boolean; children: React.ReactNode }) {
  const t = useTranslations("Display");
  return (
    <main className={`${STAGE} grid h-dvh grid-rows-[auto_minmax(0,1fr)] gap-[3vmin] overflow-hidden px-[5vmin] pt-[3.5vmin] pb-[5vmin]`}>
      <header className="flex items-center justify-between gap-[4vmin]">
        <h1 className="min-w-0 truncate text-[4.2vmin] font-semibold tracking-tight">{title}</h1>
        <div className="flex shrink-0 items-center gap-[2.5vmin] text-[3.2vmin]">
          {reconnecting && <span className={`text-[2.4vmin] ${MUTED}`}>{t("reconnecting")}</span>}
          <p className="flex items-center gap-[1.2vmin] font-medium" aria-live="polite" data-testid="present">
            <span aria-hidden="true" className="size-[1.6vmin] rounded-full bg-current" />
            {t("present", { count: present })}
          </p>
          <FullScreenButton />
        </div>
      </header>
      {children}
    </main>
  );
}

/** Where to go: the server's address for phones, as host/join. */
function JoinAddress({ origin }: { origin: string }) {
  const t = useTranslations("Display");
  const address = `${new URL(origin).host}/join`;
  return <>{t.rich("goTo", { address, strong: (chunks) => <strong className="font-semibold break-all">{chunks}</strong> })}</>;
}

function Code({ code, className }: { code: string; className: string }) {
  const t = useTranslations("Display");
  return (
    <p className={`font-mono leading-none font-bold tracking-[0.12em] ${BRIGHT} ${className}`} aria-label={t("codeLabel", { spaced: code.split("").join(" ") })}>
      {code}
    </p>
  );
}

/** Before any prompt: the way in fills the screen. */
export function Invitation({ code, origin, joinUrl }: { code: string; origin: string; joinUrl: string }) {
  const t = useTranslations("Display");
  return (
    <div className="flex min-h-0 items-center justify-center gap-[7vmin]">
      <QrCode value={joinUrl} label={t("qrLabel")} className="size-[min(54vh,38vw)] shrink-0 rounded-[1.5vmin]" />
      <div className="flex min-w-0 flex-col gap-[2.5vmin]">
        <h2 className="text-[7vmin] leading-tight font-semibold tracking-tight">{t("invite")}</h2>
        <p className="text-[4.2vmin] leading-snug">
          <JoinAddress origin={origin} />
          <br />
          <span className={MUTED}>{t("enterCode")}</span>
        </p>
        <Code code={code} className="text-[min(16vmin,8.5vw)]" />
        <p className={`max-w-[50vw] text-[3vmin] leading-snug ${MUTED}`}>{t("anonymous")}</p>
      </div>
    </div>
  );
}

/** Beside a prompt: the way in stays, smaller, for those who come late; `compact` beside results or the pulse, which need the room. */
export function JoinAside({ code, origin, joinUrl, compact = false }: { code: string; origin: string; joinUrl: string; compact?: boolean }) {
  const t = useTranslations("Display");
  return (
    <aside className={`flex flex-col items-center justify-center gap-[2.5vmin] text-center ${compact ? "max-w-[min(30vh,22vw)]" : "max-w-[min(44vh,34vw)]"}`}>
      <QrCode value={joinUrl} label={t("qrLabel")} className={`${compact ? "size-[min(26vh,20vw)]" : "size-[min(40vh,32vw)]"} rounded-[1.2vmin]`} />
      <p className={`${compact ? "text-[2.4vmin]" : "text-[3vmin]"} leading-snug`}>
        <JoinAddress origin={origin} />
      </p>
      <Code code={code} className={compact ? "text-[6vmin]" : "text-[9vmin]"} />
    </aside>
  );
}

/** How long the full-screen button stays after the pointer last moved: the room should see the stage, not controls. */
const CONTROLS_LINGER_MS = 4_000;

/**
 * Full screen for the projector: a button while not full screen, and the F key.
 * The button hides while the pointer rests (at once, no fade: a half-faded
 * button would have too little contrast) and shows again on a move, a key or focus.
 */
function FullScreenButton() {
  const t = useTranslations("Display");
  const [available, setAvailable] = useState(false);
  const [full, setFull] = useState(false);
  const [resting, setResting] = useState(false);
  useEffect(() => {
    setAvailable(document.fullscreenEnabled);
    let rest: ReturnType<typeof setTimeout> | undefined;
    const wake = () => {
      setResting(false);
      clearTimeout(rest);
      rest = setTimeout(() => setResting(true), CONTROLS_LINGER_MS);
    };
    const onChange = () => setFull(Boolean(document.fullscreenElement));
    const onKey = (event: KeyboardEvent) => {
      wake();
      if (event.key !== "f" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen().catch(() => {});
    };
    wake();
    document.addEventListener("fullscreenchange", onChange);
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointermove", wake);
    return () => {
      clearTimeout(rest);
      document.removeEventListener("fullscreenchange", onChange);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointermove", wake);
    };
  }, []);
  if (!available || full) return null;
  return (
    <button
      type="button"
      onClick={() => void document.documentElement.requestFullscreen().catch(() => {})}
      className={`rounded-[1vmin] border border-current/40 px-[1.4vmin] py-[0.6vmin] text-[2vmin] hover:bg-current/10 focus-visible:opacity-100 ${resting ? "opacity-0" : ""} ${MUTED}`}
      aria-keyshortcuts="f"
    >
      {t("fullScreen")}
    </button>
  );
}
