/**
 * Compile-time proof that the contract checks itself: every `@ts-expect-error`
 * below must be an error, or `npm run typecheck` fails. Nothing here runs.
 */
import type { Socket } from "socket.io-client";
import type { ConsoleClientEvents, ConsolePushes, ParticipantClientEvents, ParticipantPushes } from "./events";
import { request } from "./registry";
import type { Ack } from "./errors";
import type { AnswerValue, PromptView, SessionView, TeamView, WallAnswer } from "./views";

declare const phone: Socket<ParticipantPushes, ParticipantClientEvents>;
declare const console: Socket<ConsolePushes, ConsoleClientEvents>;

export async function clientSide() {
  // Right: the event, its payload and the ack's data all come from the registry.
  const stored = await request(phone, "checkin:send", { id: "4b0c8a8e-2f9a-4d3b-9c61-2f0d7f1e9a10", signal: "i-see", ageMs: 0 });
  if (stored.ok) stored.data.duplicate satisfies boolean;
  const pushed: Ack<PromptView> = await request(console, "prompt:push", { sessionId: "s", source: { kind: "text", text: "Hi" } });

  // @ts-expect-error a misspelled event
  await request(phone, "checkin:sned", { id: "x", signal: "i-see", ageMs: 0 });
  // @ts-expect-error an event of another namespace
  await request(phone, "prompt:push", { sessionId: "s", source: { kind: "text", text: "Hi" } });
  // @ts-expect-error a wrong payload field
  await request(phone, "checkin:send", { id: "x", signal: "i-see", age: 0 });
  // @ts-expect-error a payload field of the wrong type
  await request(console, "session:start", { sessionId: 42 });
  // @ts-expect-error wrong ack data: session:start answers with a SessionView, not a PromptView
  const wrong: Ack<PromptView> = await request(console, "session:start", { sessionId: "s" });
  const right: Ack<SessionView> = await request(console, "session:start", { sessionId: "s" });

  // Answers: the phone's answer and its own answer back, typed from the registry.
  const answered = await request(phone, "answer:send", { promptId: "p", secret: "s".repeat(22), answer: { option: 1 } });
  if (answered.ok) answered.data.duplicate satisfies boolean;
  const mine: Ack<AnswerValue | null> = await request(phone, "answer:mine", { promptId: "p", secret: "s".repeat(22) });
  const moderated: Ack<WallAnswer> = await request(console, "answer:moderate", { sessionId: "s", answerId: "a", hidden: true });
  // @ts-expect-error an answer is one of the four shapes
  await request(phone, "answer:send", { promptId: "p", secret: "s".repeat(22), answer: { choice: 1 } });
  // @ts-expect-error a console does not answer
  await request(console, "answer:send", { promptId: "p", secret: "s".repeat(22), answer: { pass: true } });
  // @ts-expect-error a phone does not reveal
  await request(phone, "prompt:reveal", { sessionId: "s", revealed: true });
  // Team: the owner's requests, and what a phone may not ask.
  const removed: Ack<TeamView> = await request(console, "team:remove", { sessionId: "s", facilitatorId: "f" });
  const link = await request(console, "display:link", { sessionId: "s" });
  if (link.ok) link.data.key satisfies string;
  // @ts-expect-error removing names whom
  await request(console, "team:remove", { sessionId: "s" });
  // @ts-expect-error a phone does not invite
  await request(phone, "team:invite", { sessionId: "s" });
  return [pushed, wrong, right, mine, moderated, removed];
}
