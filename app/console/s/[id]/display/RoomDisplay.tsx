"use client";
import { useEffect, useState } from "react";
import type { DisplaySnapshot, JoinAddress } from "@/lib/protocol/views";
import { PromptCard } from "@/app/_components/PromptCard";
import { QrCode } from "@/app/_components/QrCode";
import { joinLink, UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { displaySocket, refusal, request } from "@/app/_lib/sockets";

/** For the projector or a screen share: large type, the way in, and nothing about any one person. */
export function RoomDisplay({ sessionId }: { sessionId: string }) {
  const [view, setView] = useState<DisplaySnapshot | null>(null);
  const [join, setJoin] = useState<JoinAddress | null>(null);
  const origin = join?.origin ?? "";
  const [outdated, setOutdated] = useState(false);

  useEffect(() => {
    const socket = displaySocket();
    socket.on("connect", async () => {
      const ack = await request(socket, "display:watch", { sessionId });
      if (ack.ok) {
        setView(ack.data);
        setJoin(ack.data.join);
      }
    });
    socket.on("display:snapshot", setView);
    const signIn = () => window.location.assign(`/signin?next=/console/s/${sessionId}/display`);
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
  }, [sessionId]);

  if (outdated) return <UpdatedNotice />;
  const code = view?.session.code;
  const joinUrl = code && origin ? joinLink(origin, code, view.session.joinKey) : "";
  return (
    <main className="flex min-h-dvh flex-col gap-8 bg-calm-dark p-10 text-white">
      <h1 className="text-4xl font-semibold tracking-tight">{view?.session.title ?? "Attune"}</h1>
      {view?.session.status === "live" && code ? (
        <div className="grid flex-1 items-center gap-10 lg:grid-cols-[auto_1fr]">
          <div className="space-y-4 rounded-3xl bg-white p-8 text-ink">
            {joinUrl && <QrCode value={joinUrl} label="QR code to join this session" className="mx-auto w-72" />}
            <p className="text-center text-xl">
              Go to <strong>{origin ? new URL(origin).host : ""}/join</strong>
            </p>
            <p className="text-center font-mono text-7xl font-bold tracking-[0.15em] text-calm-dark" aria-label={`Join code ${code.split("").join(" ")}`}>
              {code}
            </p>
          </div>
          <div className="space-y-6">
            {view.prompt ? (
              <PromptCard prompt={view.prompt} size="room" />
            ) : (
              <p className="text-4xl leading-tight text-white/90">Join on your phone. No account, no name — your check-ins are anonymous.</p>
            )}
            <p className="text-2xl text-white/80" aria-live="polite">
              {view.present} {view.present === 1 ? "person has" : "people have"} joined
            </p>
          </div>
        </div>
      ) : (
        <p className="text-3xl text-white/90">
          {view?.session.status === "ended" ? "This session has ended. Thank you." : "Waiting for the facilitator to go live…"}
        </p>
      )}
    </main>
  );
}
