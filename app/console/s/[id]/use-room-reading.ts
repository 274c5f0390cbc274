"use client";
import { useCallback, useEffect, useState } from "react";
import type { RoomReading, RoomReadingSettings } from "@/lib/protocol/room";
import type { ConsoleSnapshot } from "@/lib/protocol/views";
import type { ConsoleSocket } from "@/app/_lib/sockets";

/**
 * The room's reading on this console: the radar and the weather (room:reading, k applied by the server) and the
 * session's room settings (room:settings), from the watch snapshot and then the server's pushes.
 */
export function useRoomReading(socket: ConsoleSocket | null, sessionId: string) {
  const [reading, setReading] = useState<RoomReading | null>(null);
  const [settings, setSettings] = useState<RoomReadingSettings | null>(null);
  useEffect(() => {
    if (!socket) return;
    const onReading = (next: { sessionId: string; reading: RoomReading }) => next.sessionId === sessionId && setReading(next.reading);
    const onSettings = (next: { sessionId: string; settings: RoomReadingSettings }) => next.sessionId === sessionId && setSettings(next.settings);
    socket.on("room:reading", onReading);
    socket.on("room:settings", onSettings);
    return () => {
      socket.off("room:reading", onReading);
      socket.off("room:settings", onSettings);
    };
  }, [socket, sessionId]);
  /** Every (re)connect's snapshot: the server is authoritative. */
  const fromSnapshot = useCallback((snapshot: Pick<ConsoleSnapshot, "reading" | "roomSettings">) => {
    setReading(snapshot.reading);
    setSettings(snapshot.roomSettings);
  }, []);
  return { reading, settings, setSettings, fromSnapshot };
}
