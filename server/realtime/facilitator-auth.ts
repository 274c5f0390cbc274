/**
 * Signed-in sockets (the console and the room display): the handshake must
 * carry a valid sign-in cookie. A socket stays in control only while that
 * sign-in lasts: it is cut off the moment the browser signs out, and when the
 * sign-in expires.
 */
import type { Namespace, Socket } from "socket.io";
import { AppError } from "../../lib/protocol/errors.ts";
import { AUTH_COOKIE, readCookie, type Accounts } from "../auth/accounts.ts";
import type { Clock } from "../live/clock.ts";
import { connectError } from "./handler.ts";
import { channel, type FacilitatorData } from "./namespaces.ts";

/** setTimeout's longest wait; a later expiry is checked again when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type SignedInSocket = Socket<never, { "auth:ended": () => void }, object, FacilitatorData>;

export function requireSignIn(accounts: Accounts, clock: Clock) {
  const expiries = new WeakMap<object, Date>();

  const middleware = async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const signIn = await accounts.resolveSignIn(readCookie(socket.request.headers.cookie, AUTH_COOKIE));
      if (!signIn) throw new AppError("UNAUTHORIZED");
      socket.data = { facilitatorId: signIn.facilitator.id, signInHash: signIn.tokenHash } satisfies FacilitatorData;
      expiries.set(socket, signIn.expiresAt);
      next();
    } catch (error) {
      next(connectError(error));
    }
  };

  /** Call first in the connection handler: joins the sign-in's channel and arms the expiry. */
  const admit = (socket: SignedInSocket) => {
    socket.join(channel.signIn(socket.data.signInHash));
    const expiresAt = expiries.get(socket)?.getTime() ?? clock.now();
    const expire = () => {
      const left = expiresAt - clock.now();
      if (left > 0) return void (timer = clock.after(Math.min(left, MAX_TIMER_MS), expire));
      socket.emit("auth:ended");
      socket.disconnect(true);
    };
    let timer = clock.after(Math.min(Math.max(0, expiresAt - clock.now()), MAX_TIMER_MS), expire);
    socket.on("disconnect", () => timer.cancel());
  };

  return { middleware, admit };
}

/** Cuts off every socket opened with this sign-in, in the given namespaces. */
export function cutOffSignIn(namespaces: Namespace[], signInHash: string): void {
  for (const nsp of namespaces) {
    const sockets = nsp.in(channel.signIn(signInHash));
    sockets.emit("auth:ended");
    sockets.disconnectSockets(true);
  }
}
