"use client";
import { useEffect, useState } from "react";
import type { DisplaySnapshot, JoinAddress } from "@/lib/protocol/views";
import { joinLink, UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { displaySocket, refusal, request } from "@/app/_lib/sockets";
import { PromptOnStage } from "./PromptOnStage";
import { PulseOnStage } from "./PulseOnStage";
import { ResultsOnStage } from "./ResultsOnStage";
import { SilenceOnStage } from "./SilenceOnStage";
import { EndedScreen, Invitation, JoinAside, LiveStage, WaitingScreen } from "./stage";

/** For the projector or a screen share: large type, the way in, and nothing about any one person. */
export function RoomDisplay({
  sessionId,
  displayKey,
  onAccessEnded,
}: {
  sessionId: string;
  /** Opened with a display link (app/d/): its key stands in for a sign-in. */
  displayKey?: string;
  /** Instead of going to sign in when access ends (a display link revoked); must be stable. */
  onAccessEnded?: () => void;
}) {
  const [view, setView] = useState<DisplaySnapshot | null>(null);
  const [join, setJoin] = useState<JoinAddress | null>(null);
  const [connected, setConnected] = useState(false);
  const [outdated, setOutdated] = useState(false);

  useEffect(() => {
    const socket = displaySocket(displayKey);
    socket.on("connect", async () => {
      setConnected(true);
      const ack = await request(socket, "display:watch", { sessionId });
      if (ack.ok) {
        setView(ack.data);
        setJoin(ack.data.join);
      }
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("display:snapshot", setView);
    const signIn = onAccessEnded ?? (() => window.location.assign(`/signin?next=/console/s/${sessionId}/display`));
    socket.on("auth:ended", signIn);
    let retryConnect: ReturnType<typeof setTimeout> | undefined;
    socket.on("connect_error", (err) => {
      const reason = refusal(err);
      if (reason?.code === "OUTDATED") return setOutdated(true);
      if (reason?.code === "UNAUTHORIZED") return signIn();
      // Refused by the server for now (a hiccup): try again; a network drop retries by itself.
      if (reason) retryConnect = setTimeout(() => socket.connect(), 5_000);
    });
    socket.connect();
    return () => {
      clearTimeout(retryConnect);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [sessionId, displayKey, onAccessEnded]);

  if (outdated) return <UpdatedNotice />;
  if (!view) return <WaitingScreen title={null} connecting />;
  const { session, prompt, present, shows, results, pulse } = view;
  if (session.status === "ended") return <EndedScreen title={session.title} />;
  const origin = join?.origin;
  if (session.status !== "live" || !session.code || !origin) return <WaitingScreen title={session.title} connecting={false} />;

  const way = { code: session.code, origin, joinUrl: joinLink(origin, session.code, session.joinKey) };
  // A held silence takes the whole stage (./SilenceOnStage.tsx).
  if (view.silence) return <SilenceOnStage silence={view.silence} title={session.title} code={session.code} address={`${new URL(origin).host}/join`} />;
  // What the facilitator chose to show beside the way in; revealed results only (the server sends none before), else the prompt.
  const onStage =
    shows === "pulse" && pulse ? (
      <PulseOnStage pulse={pulse} />
    ) : shows === "results" && prompt && results?.promptId === prompt.id ? (
      <ResultsOnStage prompt={prompt} results={results} />
    ) : prompt ? (
      <PromptOnStage key={prompt.id} prompt={prompt} />
    ) : null;
  return (
    <LiveStage title={session.title} present={present} reconnecting={!connected}>
      {onStage ? (
        <div className="grid min-h-0 grid-cols-[minmax(0,1fr)_auto] gap-[6vmin]">
          {onStage}
          <JoinAside {...way} compact={onStage.type !== PromptOnStage} />
        </div>
      ) : (
        <Invitation {...way} />
      )}
    </LiveStage>
  );
}
