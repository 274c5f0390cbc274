/**
 * One WebSocket frame per change, written straight to every phone that can
 * take it (issue 10; bench/RESULTS.md). Socket.IO already encodes a broadcast
 * once and builds its frame once, but then hands it to each socket through
 * engine.io's send path: a packet object, a write buffer, events and a flush
 * per socket. At 10,000 phones that path is most of the gap between a
 * Socket.IO broadcast and what Node can do (most of the garbage, a third of
 * the CPU of a push), so the phones' pushes skip it wherever that is safe.
 *
 * Safe means nothing can be overtaken: the phone's engine.io connection is
 * open on a WebSocket, engine.io has nothing queued for it and nothing in
 * flight (its transport is writable), the socket is not being upgraded, and
 * ws's sender is idle (no compression, nothing queued). Every other phone —
 * one on long-polling, one with an acknowledgement still on its way — gets
 * the same change through Socket.IO as before, in one broadcast. What the
 * phone receives is byte for byte the frame Socket.IO would have sent.
 *
 * This leans on engine.io's and ws's internals (checked against engine.io
 * 6.6 and ws 8.21): each one is looked up and checked before it is used, and
 * a phone whose connection does not look as expected takes Socket.IO's path.
 * namespaces.test.ts and test/realtime.integration.test.ts fail if the direct
 * path stops being taken, so an upgrade that changes them is noticed.
 */
import { PacketType } from "socket.io-parser";
import WebSocket from "ws";
import type { Namespace } from "socket.io";

/** How many phones took each path, since the server started. */
export interface FanOutCounts {
  /** Phones the frame was written to directly. */
  direct: number;
  /** Phones that got the change through Socket.IO's own path. */
  engine: number;
}

interface WsSender {
  _state?: number;
  sendFrame(list: Buffer[], cb?: () => void): void;
}
interface EngineConnection {
  readyState?: string;
  upgrading?: boolean;
  writeBuffer?: unknown[];
  transport?: {
    name?: string;
    writable?: boolean;
    perMessageDeflate?: unknown;
    socket?: { readyState?: number; _sender?: WsSender };
  };
}

/** One unmasked, final WebSocket text frame (RFC 6455 §5.2), as a server sends it: what socket.io-adapter builds for a broadcast. */
export function textFrame(text: string): Buffer {
  const data = Buffer.from(text);
  const n = data.length;
  const head = n < 126 ? Buffer.from([0x81, n]) : n < 65_536 ? Buffer.from([0x81, 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
  if (n >= 65_536) {
    head[0] = 0x81;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, data]);
}

/** ws's sender of this phone, if a frame written to it now cannot overtake anything. */
function idleSender(conn: EngineConnection): WsSender | null {
  const transport = conn.transport;
  if (conn.readyState !== "open" || conn.upgrading || !transport || transport.name !== "websocket") return null;
  if (!transport.writable || transport.perMessageDeflate || !Array.isArray(conn.writeBuffer) || conn.writeBuffer.length > 0) return null;
  const ws = transport.socket;
  const sender = ws?._sender;
  if (ws?.readyState !== WebSocket.OPEN || !sender || typeof sender.sendFrame !== "function" || (sender._state ?? 0) !== 0) return null;
  return sender;
}

type Broadcast = { emit(event: string, ...args: unknown[]): boolean };

/**
 * A sender of one change to some of a namespace's local sockets (a room's
 * name, or socket ids): encoded once, written directly where safe, the rest
 * through one Socket.IO broadcast.
 */
export function frameFanOut(nsp: Namespace, counts: FanOutCounts) {
  return (to: string | string[], event: string, args: unknown[]): void => {
    const encoded = nsp.server.encoder.encode({ type: PacketType.EVENT, data: [event, ...args], nsp: nsp.name });
    const ids = typeof to === "string" ? [...(nsp.adapter.rooms.get(to) ?? [])] : to;
    if (encoded.length !== 1 || typeof encoded[0] !== "string") {
      // Binary attachments take more than one frame: Socket.IO's path.
      counts.engine += ids.length;
      return void (nsp.local.to(to) as unknown as Broadcast).emit(event, ...args);
    }
    // "4": an engine.io message.
    const frame = [textFrame(`4${encoded[0]}`)];
    const rest: string[] = [];
    for (const id of ids) {
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      const sender = idleSender(socket.conn as unknown as EngineConnection);
      if (sender) {
        sender.sendFrame(frame);
        counts.direct += 1;
      } else rest.push(id);
    }
    if (rest.length === 0) return;
    counts.engine += rest.length;
    (nsp.local.to(rest) as unknown as Broadcast).emit(event, ...args);
  };
}
