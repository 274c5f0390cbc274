"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { TECHNIQUE_KEYS, TECHNIQUES, techniqueByKey, type Signal, type TechniqueKey } from "@/lib/content";
import type { DeckChange, DeckItem } from "@/lib/library/deck";
import { nextPush, nextTechnique } from "@/lib/next-technique";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { ConsoleClientEvents } from "@/lib/protocol/events";
import type { AckOf, RequestPayload } from "@/lib/protocol/registry";
import type { PromptSource } from "@/lib/protocol/schemas";
import type { ConsoleRole, DisplayShows, JoinAddress, PromptResults, PromptView, SessionView, TeamView } from "@/lib/protocol/views";
import type { Pulse } from "@/lib/pulse";
import { UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { button, notice, pill } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { consoleSocket, refusal, request, type ConsoleSocket } from "@/app/_lib/sockets";
import { kFor } from "@/lib/anonymity";
import { EndedSummary, type EndedCounts } from "./EndedSummary";
import { JoinPanel } from "./JoinPanel";
import { AccessEnded, TeamPanel } from "./TeamPanel";
import { DeckPanel } from "./DeckPanel";
import { CurrentPrompt, Techniques } from "./PromptPanel";
import { PalettePanel } from "./PalettePanel";
import { PreLivePanel, type Prepared } from "./PreLivePanel";
import { RoomColumn } from "./RadarPanel";
import { useRoomReading } from "./use-room-reading";
import { DisplayShowsControl, ResultsPanel, type Moderation } from "./ResultsPanel";
import { ScreenShareBanner, ScreenShareSafeProvider, ScreenShareSwitch } from "./screen-share-safe";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { SHORTCUT_SILENCE_MS, SilencePanel, useSilenceActions } from "./SilencePanel";
import type { ConsoleSilenceView } from "@/lib/protocol/room";
import { useConsoleShortcuts } from "./shortcuts";
import { SupportNudge, SupportPanel, useSupport } from "./SupportPanel";
import { CueBanners, CuePanel } from "./CuePanel";

export type { EndedCounts };

type Connection = "connecting" | "connected" | "reconnecting";

export function SessionConsole({
  sessionId,
  initialTitle,
  ended,
  me,
}: {
  sessionId: string;
  initialTitle: string;
  ended: EndedCounts | null;
  /** The signed-in facilitator's email (the team panel marks them). */
  me?: string;
}) {
  const t = useTranslations("Console");
  const errorText = useErrorText();
  const router = useRouter();
  const [socket, setSocket] = useState<ConsoleSocket | null>(null);
  const [outdated, setOutdated] = useState(false);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [session, setSession] = useState<SessionView | null>(null);
  const [palette, setPalette] = useState<Signal[]>([]);
  const [prepared, setPrepared] = useState<Prepared>({ confidentialityNote: null, checklist: [] });
  const [prompt, setPrompt] = useState<PromptView | null>(null);
  const [pulse, setPulse] = useState<Pulse | null>(null);
  const [results, setResults] = useState<PromptResults | null>(null);
  const [displayShows, setDisplayShows] = useState<DisplayShows>("prompt");
  const [deck, setDeck] = useState<DeckItem[]>([]);
  // Kept as the server said it, worded at render time: the language can change under it.
  const [error, setError] = useState<AppErrorBody | null>(null);
  // What the live region last said; the counter makes a repeat ("pushed X" twice) a new announcement.
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });
  const announce = (text: string) => setAnnouncement((a) => ({ text, n: a.n + 1 }));
  // Where phones join, as the server knows it (not this browser's address: a
  // console opened at localhost must still hand phones a reachable link).
  const [join, setJoin] = useState<JoinAddress | null>(null);
  // "Push next" goes on from here when the prompt up now is not a technique.
  const [lastPushed, setLastPushed] = useState<TechniqueKey | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  // The radar, the weather and the room settings (./RadarPanel.tsx).
  const room = useRoomReading(socket, sessionId);
  const roomFromSnapshot = room.fromSnapshot;
  // Who runs this session with whom (TeamPanel); a removed co-facilitator's console closes for good.
  const [team, setTeam] = useState<{ role: ConsoleRole; team: TeamView } | null>(null);
  const [accessEnded, setAccessEnded] = useState(false);
  const [silence, setSilence] = useState<ConsoleSilenceView | null>(null);
  // Support requests and cues between facilitators (./SupportPanel.tsx, ./CuePanel.tsx).
  const support = useSupport(socket, sessionId);
  const supportSnapshot = support.fromSnapshot;

  useEffect(() => {
    const s = consoleSocket();
    const watch = async () => {
      const ack = await request(s, "session:watch", { sessionId });
      if (!ack.ok) return setError(ack.error);
      setSession(ack.data.session);
      setPalette(ack.data.palette);
      setPrepared({ confidentialityNote: ack.data.confidentialityNote, checklist: ack.data.checklist });
      setPrompt(ack.data.prompt);
      setPulse(ack.data.pulse);
      setResults(ack.data.results);
      setDisplayShows(ack.data.displayShows);
      setDeck(ack.data.deck);
      setJoin(ack.data.join);
      setTeam({ role: ack.data.role, team: ack.data.team });
      roomFromSnapshot(ack.data);
      setSilence(ack.data.silence);
      supportSnapshot(ack.data);
    };
    // Every (re)connect starts from a full snapshot: the server is authoritative.
    s.on("connect", () => {
      setConnection("connected");
      setError(null);
      void watch();
    });
    s.on("disconnect", () => setConnection("reconnecting"));
    let retryConnect: ReturnType<typeof setTimeout> | undefined;
    const signIn = () => window.location.assign(`/signin?next=/console/s/${sessionId}`);
    // Signed out (here or in another tab) or the sign-in expired: this console no longer acts.
    s.on("auth:ended", signIn);
    s.on("connect_error", (err) => {
      const data = refusal(err);
      if (data?.code === "OUTDATED") return setOutdated(true);
      if (data?.code === "UNAUTHORIZED") return signIn();
      // Refused by the server for now (not a network drop, which retries by itself).
      if (data) retryConnect = setTimeout(() => s.connect(), 3_000);
    });
    s.on("session:state", (next) => next.id === sessionId && setSession(next));
    s.on("prompt:current", (next) => next.sessionId === sessionId && setPrompt(next.prompt));
    s.on("pulse:update", (next) => next.sessionId === sessionId && setPulse(next.pulse));
    s.on("palette:current", (next) => next.sessionId === sessionId && setPalette(next.palette));
    s.on("session:prepared", ({ sessionId: id, ...next }) => id === sessionId && setPrepared(next));
    s.on("results:update", (next) => next.sessionId === sessionId && setResults(next.results));
    // An edit or a push from any console of the session (this one's own too).
    s.on("deck:current", (next) => next.sessionId === sessionId && setDeck(next.deck));
    s.on("team:current", (next) => next.sessionId === sessionId && setTeam((was) => was && { ...was, team: next.team }));
    s.on("access:ended", (next) => next.sessionId === sessionId && setAccessEnded(true));
    s.on("silence:current", (next) => next.sessionId === sessionId && setSilence(next.silence));
    s.connect();
    setSocket(s);
    return () => {
      clearTimeout(retryConnect);
      s.removeAllListeners();
      s.disconnect();
    };
  }, [sessionId]);

  const [busy, setBusy] = useState(false);
  type Ev = keyof ConsoleClientEvents;
  type Data<E extends Ev> = Extract<AckOf<ConsoleClientEvents[E]>, { ok: true }>["data"];
  /** The request's answer, or null when refused (the error is shown). */
  const act = async <E extends Ev>(event: E, payload: RequestPayload<ConsoleClientEvents[E]>): Promise<{ data: Data<E> } | null> => {
    if (!socket || busy) return null;
    // One action at a time: a double click must not go live (or push) twice.
    setBusy(true);
    const ack = await request(socket, event, payload).finally(() => setBusy(false));
    if (!ack.ok) {
      setError(ack.error);
      return null;
    }
    setError(null);
    return { data: ack.data };
  };

  const live = session?.status === "live";

  // The palette and the preparations go straight out, beside any other action: ticking a check never waits for a push.
  const savePalette = async (next: RequestPayload<ConsoleClientEvents["palette:set"]>["palette"]) => {
    if (!socket) return null;
    const ack = await request(socket, "palette:set", { sessionId, palette: next });
    if (!ack.ok) {
      setError(ack.error);
      return null;
    }
    setError(null);
    setPalette(ack.data);
    return ack.data;
  };
  const prepare = async (changes: Partial<Prepared>) => {
    if (!socket) return null;
    const ack = await request(socket, "session:prepare", { sessionId, ...changes });
    if (!ack.ok) {
      setError(ack.error);
      return null;
    }
    setError(null);
    setPrepared(ack.data);
    return ack.data;
  };
  // Open while a draft, above the rest; folded below it once live, so the pulse and the prompt keep the room.
  const preparation = session && session.status !== "ended" && (
    <div className={`mx-auto grid max-w-3xl items-start gap-3 sm:gap-5 lg:max-w-none lg:grid-cols-2 ${live ? "mt-3 sm:mt-5" : "mb-3 sm:mb-5"}`}>
      <PreLivePanel title={session.title} prepared={prepared} folded={live} onPrepare={prepare} />
      <PalettePanel palette={palette} live={live} folded={live} onSave={savePalette} />
    </div>
  );
  const next = nextTechnique(TECHNIQUE_KEYS, prompt?.technique ?? null, lastPushed);
  // Push next (N): the deck's next prompt while one waits, else the next technique.
  const upNext = nextPush(deck, TECHNIQUE_KEYS, prompt?.technique ?? null, lastPushed);

  const push = async (source: PromptSource, deckItemId?: string) => {
    const pushed = (await act("prompt:push", deckItemId ? { sessionId, source, deckItemId } : { sessionId, source }))?.data;
    if (!pushed) return false;
    setPrompt(pushed);
    if (pushed.technique) setLastPushed(pushed.technique);
    // The facilitator's own words are the news; a technique is known by its name.
    announce(t("announce.pushed", { title: pushed.technique ? pushed.title : pushed.body }));
    return true;
  };
  const pushNext = () => {
    if (!live) return announce(t("announce.notLive"));
    if (upNext?.kind === "deck") void pushItem(upNext.item);
    else if (upNext) void push({ kind: "technique", technique: upNext.technique });
  };
  const pushItem = (item: DeckItem) => push({ kind: "content", content: item.content }, item.id);
  const changeDeck = async (change: DeckChange) => {
    const changed = (await act("deck:change", { sessionId, change }))?.data;
    if (!changed) return null;
    setDeck(changed);
    return changed;
  };
  const closePrompt = async () => {
    if (!prompt) return announce(t("announce.nothingToClose"));
    if ((await act("prompt:close", { sessionId })) === null) return;
    if (prompt.technique) setLastPushed(prompt.technique);
    setPrompt(null);
    announce(t("announce.closed"));
  };

  const ta = useTranslations("Answers.console");
  const reveal = async (revealed: boolean) => {
    const shown = (await act("prompt:reveal", { sessionId, revealed }))?.data;
    if (!shown) return;
    setPrompt(shown);
    announce(ta(revealed ? "announceRevealed" : "announceHidden"));
  };
  const moderate = async (answerId: string, change: Moderation) => {
    const answer = (await act("answer:moderate", { sessionId, answerId, ...change }))?.data;
    if (answer) setResults((r) => r && { ...r, wall: r.wall.map((a) => (a.id === answer.id ? answer : a)) });
  };
  const showOnDisplay = async (shows: DisplayShows) => {
    const shown = (await act("display:show", { sessionId, shows }))?.data;
    if (!shown) return;
    setDisplayShows(shown.shows);
    const names = { prompt: "displayPrompt", pulse: "displayPulse", results: "displayResults" } as const;
    announce(ta("announceDisplay", { shows: ta(names[shown.shows]) }));
  };

  const silenceActions = useSilenceActions(socket, sessionId, setSilence, announce);
  const ts = useTranslations("Silence.console");
  // H: a one-minute silence (./SilencePanel.tsx), once live and when none runs.
  const holdSilence = () => {
    if (!live) return announce(t("announce.notLive"));
    if (silence) return announce(ts("announceRunning"));
    void silenceActions.start(SHORTCUT_SILENCE_MS);
  };

  useConsoleShortcuts({ enabled: !helpOpen && session?.status !== "ended", pushNext, closePrompt: () => void closePrompt(), openHelp: () => setHelpOpen(true), holdSilence });

  // Focus follows the work: after going live, to "Push next"; once ended, to the summary.
  const pushNextButton = useRef<HTMLButtonElement>(null);
  const endedHeading = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef<"push-next" | "ended" | null>(null);
  useEffect(() => {
    // Not while the request is out: its buttons are disabled, and the news may come before the answer.
    if (busy) return;
    if (moveFocus.current === "push-next" && live) pushNextButton.current?.focus();
    else if (moveFocus.current === "ended" && session?.status === "ended") endedHeading.current?.focus();
    else return;
    moveFocus.current = null;
  }, [busy, live, session?.status]);

  // Ended here, in another tab or by the idle timeout: the server counts who took part.
  const status = session?.status;
  useEffect(() => {
    if (status === "ended" && !ended) router.refresh();
  }, [status, ended, router]);

  const title = session?.title ?? initialTitle;
  if (outdated) return <UpdatedNotice />;
  if (accessEnded) return <AccessEnded />;

  return (
    <ScreenShareSafeProvider>
      <div className="sticky top-0 z-20 border-b border-line bg-canvas shadow-sm" data-testid="session-bar">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-1.5 sm:px-6 sm:py-2">
          <h1 className="min-w-[10rem] flex-1 text-lg leading-tight sm:text-xl font-semibold tracking-tight break-words">{title}</h1>
          {live && session.joinCode && (
            // The code in reach while the join block is folded away or scrolled past ("what was the code again?").
            <p className="text-sm text-ink/80 xl:hidden" data-testid="bar-code">
              {t("join.codeChip")} <span className="font-mono text-base font-bold tracking-widest text-accent-strong">{session.joinCode}</span>
            </p>
          )}
          <div className="flex flex-wrap items-center gap-2">
            {status && (
              <span className={pill(status === "live" ? "live" : "neutral")}>
                {status === "live" && <span aria-hidden="true" className="size-2 animate-breathe rounded-full bg-ok" />}
                {t(`status.${status}`)}
              </span>
            )}
            {status !== "ended" && <ConnectionState connection={connection} />}
            {status !== "ended" && <ScreenShareSwitch announce={announce} />}
            {status !== "ended" && (
              <button type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?" className={button({ variant: "secondary", size: "sm" })}>
                <span className="sr-only sm:not-sr-only">{t("shortcuts.open")}</span>
                <span aria-hidden="true" className="hidden sm:inline">
                  (?)
                </span>
                <span aria-hidden="true" className="sm:hidden">
                  ⌨ ?
                </span>
              </button>
            )}
            <SessionActions
              status={status}
              busy={busy}
              onStart={async () => {
                moveFocus.current = "push-next";
                const started = (await act("session:start", { sessionId }))?.data;
                if (!started) return void (moveFocus.current = null);
                setSession(started);
              }}
              onEnd={async () => {
                moveFocus.current = "ended";
                const over = (await act("session:end", { sessionId }))?.data;
                if (!over) return void (moveFocus.current = null);
                setSession(over);
                setPrompt(null);
              }}
            />
          </div>
        </div>
        <div className="mx-auto max-w-7xl px-3 sm:px-6">
          <p role="alert" className={error ? notice("danger", "mb-2 font-medium") : "sr-only"}>
            {error && errorText(error)}
          </p>
          {live && <SupportNudge support={support} />}
          {live && <CueBanners support={support} me={me} />}
        </div>
        <ScreenShareBanner />
      </div>
      <p role="status" aria-live="polite" className="sr-only" data-testid="announcer">
        <span key={announcement.n}>{announcement.text}</span>
      </p>

      <main className="mx-auto max-w-7xl px-3 py-3 sm:px-6 sm:py-5">
        {!live && preparation}
        {session?.status === "ended" ? (
          <EndedSummary ref={endedHeading} session={session} counts={ended} pulse={pulse} palette={palette} />
        ) : (
          <div
            className={
              // Narrow (beside a call): one column, prompt → pulse (the radar and the weather) → silence, support → deck → join → techniques, the DOM's order.
              // lg: the pulse beside the rest; xl: join, prompt and techniques, pulse in three columns.
              // The care area (silence, support, cues) has a row only while live: an empty row would leave a double gap.
              "mx-auto grid max-w-3xl items-start gap-3 sm:gap-5 lg:max-w-none " +
              "lg:grid-cols-[minmax(0,1fr)_minmax(0,25rem)] xl:grid-cols-[minmax(0,17rem)_minmax(0,1fr)_minmax(0,27rem)] " +
              (live
                ? "lg:grid-rows-[auto_auto_auto_auto_1fr] lg:[grid-template-areas:'prompt_pulse'_'care_pulse'_'deck_pulse'_'join_pulse'_'techniques_pulse'] " +
                  "xl:grid-rows-[auto_auto_auto_1fr] xl:[grid-template-areas:'join_prompt_pulse'_'join_care_pulse'_'join_deck_pulse'_'join_techniques_pulse']"
                : "lg:grid-rows-[auto_auto_auto_1fr] lg:[grid-template-areas:'prompt_pulse'_'deck_pulse'_'join_pulse'_'techniques_pulse'] " +
                  "xl:grid-rows-[auto_auto_1fr] xl:[grid-template-areas:'join_prompt_pulse'_'join_deck_pulse'_'join_techniques_pulse']")
            }
          >
            <div className="flex min-w-0 flex-col gap-3 sm:gap-5 lg:[grid-area:prompt]">
              <CurrentPrompt
                ref={pushNextButton}
                prompt={prompt}
                live={live}
                busy={busy}
                next={upNext?.kind === "deck" ? { name: upNext.item.content.title } : upNext ? techniqueByKey(upNext.technique) : null}
                onPushNext={pushNext}
                onClose={() => void closePrompt()}
              >
                {live && (
                  <DisplayShowsControl
                    shows={displayShows}
                    busy={busy}
                    waitingReveal={displayShows === "results" && !prompt?.revealed}
                    onShow={(shows) => void showOnDisplay(shows)}
                  />
                )}
              </CurrentPrompt>
              {prompt && prompt.kind !== "script" && (
                <ResultsPanel
                  prompt={prompt}
                  results={results}
                  busy={busy}
                  onReveal={(revealed) => void reveal(revealed)}
                  onModerate={(answerId, change) => void moderate(answerId, change)}
                  k={room.settings ? kFor("console", room.settings.anonymity) : undefined}
                />
              )}
            </div>
            <RoomColumn
              socket={socket}
              sessionId={sessionId}
              room={room}
              pulse={pulse}
              palette={palette}
              live={live}
              busy={busy}
              technique={prompt?.technique ?? null}
              onPush={(key) => void push({ kind: "library", key })}
              onSilence={(durationMs) => void silenceActions.start(durationMs)}
              announce={announce}
              className="lg:sticky lg:top-20 lg:[grid-area:pulse]"
            />
            {live && (
              // Holding silence, support requests and cues: under the prompt on a laptop, after the pulse beside a call.
              <div className="flex min-w-0 flex-col gap-3 sm:gap-5 lg:[grid-area:care]">
                <SilencePanel silence={silence} actions={silenceActions} />
                <SupportPanel support={support} />
                {team && (team.role === "co" || team.team.coFacilitators.length > 0) && <CuePanel support={support} />}
              </div>
            )}
            <DeckPanel
              sessionId={sessionId}
              sessionTitle={title}
              deck={deck}
              nextId={upNext?.kind === "deck" ? upNext.item.id : null}
              live={live}
              busy={busy}
              onChange={changeDeck}
              onPush={(item) => void pushItem(item)}
              announce={announce}
              className="lg:[grid-area:deck]"
            />
            <div className="flex min-w-0 flex-col gap-3 sm:gap-5 lg:[grid-area:join]">
              <JoinPanel session={session} join={join} />
              {team && (
                <TeamPanel
                  socket={socket}
                  sessionId={sessionId}
                  role={team.role}
                  team={team.team}
                  me={me}
                  origin={join?.origin ?? ""}
                  onTeam={(next) => setTeam((was) => was && { ...was, team: next })}
                />
              )}
            </div>
            <Techniques
              techniques={TECHNIQUES}
              live={live}
              busy={busy}
              current={prompt?.technique ?? null}
              next={upNext?.kind === "technique" ? next : null}
              onPush={push}
              className="lg:[grid-area:techniques]"
            />
          </div>
        )}
        {live && preparation}
      </main>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </ScreenShareSafeProvider>
  );
}

function ConnectionState({ connection }: { connection: Connection }) {
  const t = useTranslations("Console.connection");
  const tone = connection === "connected" ? "text-ok" : "text-warn";
  return (
    <span className={`inline-flex items-center gap-1.5 text-sm font-medium ${tone}`} data-testid="connection">
      <span aria-hidden="true" className={`size-2 rounded-full ${connection === "connected" ? "bg-ok" : "animate-breathe bg-warn"}`} />
      {/* Narrow: all is well says itself by the green dot (the words stay for screen readers); trouble is spelled out. */}
      <span className={connection === "connected" ? "max-sm:sr-only" : undefined}>{t(connection)}</span>
    </span>
  );
}

function SessionActions({ status, busy, onStart, onEnd }: { status?: SessionView["status"]; busy: boolean; onStart: () => void; onEnd: () => void }) {
  const t = useTranslations("Console.actions");
  const [confirming, setConfirming] = useState(false);
  const keepGoing = useRef<HTMLButtonElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const refocusEnd = useRef(false);
  useEffect(() => {
    if (confirming) keepGoing.current?.focus();
    else if (refocusEnd.current) endButton.current?.focus();
    refocusEnd.current = false;
  }, [confirming]);
  if (status === "draft") {
    return (
      <button type="button" onClick={onStart} disabled={busy} className={button({ size: "sm" })}>
        {t("goLive")}
      </button>
    );
  }
  if (status !== "live") return null;
  return confirming ? (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label={t("confirmGroup")}>
      <span className="text-sm font-medium">{t("confirmQuestion")}</span>
      <button
        ref={keepGoing}
        type="button"
        onClick={() => {
          refocusEnd.current = true;
          setConfirming(false);
        }}
        className={button({ variant: "secondary", size: "sm" })}
      >
        {t("keepGoing")}
      </button>
      <button type="button" onClick={onEnd} disabled={busy} className={button({ variant: "danger", size: "sm", className: "bg-danger! text-raised! hover:opacity-90" })}>
        {t("confirmEnd")}
      </button>
    </div>
  ) : (
    <button ref={endButton} type="button" onClick={() => setConfirming(true)} className={button({ variant: "danger", size: "sm" })}>
      {t("end")}
    </button>
  );
}
