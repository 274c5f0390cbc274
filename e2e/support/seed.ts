/**
 * What a spec needs before its own phase begins, seeded through the app's own
 * doors instead of clicked through its pages: a facilitator signed up through
 * the JSON route, a session created through another, and the session taken
 * live (or given a prompt) by a console socket from Node, as the console page
 * would. So a spec shows only the screens of its phase, and a broken sign-up
 * page fails the accounts spec alone.
 *
 * Also the people a spec puts in its browser contexts: the facilitator's
 * console and room display (signed in by cookie) and the phones.
 */
import { randomUUID } from "node:crypto";
import { devices, request as http, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientEvents,
  type ConsolePushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../../lib/protocol/events";
import type { Where } from "../../lib/protocol/handshake";
import { request, type AckOf, type RequestPayload } from "../../lib/protocol/registry";
import type { PromptSource } from "../../lib/protocol/schemas";
import type { SessionView } from "../../lib/protocol/views";
import { AUTH_COOKIE } from "../../server/auth/cookie";
import { expect } from "./test";

export interface Facilitator {
  baseURL: string;
  email: string;
  /** The `attune_auth` cookie's value: the sign-in. */
  token: string;
}

export interface LiveSession {
  facilitator: Facilitator;
  id: string;
  title: string;
  code: string;
  /** The join link's key: phones that follow the link or the QR code carry it. */
  key: string;
  /** The console's path, `/console/s/<id>`. */
  consolePath: string;
  /** The join link's path, `/j/<code>?k=<key>`, as the QR code has it. */
  linkPath: string;
}

const PASSWORD = "a long enough password";

/** Every request from "one of Attune's own pages": the JSON routes accept no other origin. */
const jsonFrom = (baseURL: string, cookie?: string) => ({
  origin: baseURL,
  "content-type": "application/json",
  ...(cookie ? { cookie } : {}),
});
const cookieOf = (facilitator: Facilitator) => `${AUTH_COOKIE}=${facilitator.token}`;

/** A new facilitator, signed up through POST /api/auth/signup. */
export async function signUpFacilitator(baseURL: string): Promise<Facilitator> {
  const api = await http.newContext({ baseURL, extraHTTPHeaders: jsonFrom(baseURL) });
  try {
    const email = `trainer-${randomUUID()}@example.org`;
    const response = await api.post("/api/auth/signup", { data: { email, password: PASSWORD } });
    expect(response.status(), `sign-up: ${await response.text()}`).toBe(201);
    const token = (await api.storageState()).cookies.find((c) => c.name === AUTH_COOKIE)?.value;
    expect(token, "sign-up sets the sign-in cookie").toBeTruthy();
    return { baseURL, email, token: token! };
  } finally {
    await api.dispose();
  }
}

const facilitators = new Map<string, Promise<Facilitator>>();

/**
 * One facilitator per worker, owning every session its specs seed. Sign-ups
 * from one address are limited (20, then one every 3 minutes:
 * docs/security.md), and the whole suite runs from 127.0.0.1.
 */
export function facilitator(baseURL: string): Promise<Facilitator> {
  let signedUp = facilitators.get(baseURL);
  if (!signedUp) {
    signedUp = signUpFacilitator(baseURL);
    facilitators.set(baseURL, signedUp);
    signedUp.catch(() => facilitators.delete(baseURL));
  }
  return signedUp;
}

/** A draft session, created through POST /api/sessions. */
export async function createSession(owner: Facilitator, title: string): Promise<SessionView> {
  const api = await http.newContext({ baseURL: owner.baseURL, extraHTTPHeaders: jsonFrom(owner.baseURL, cookieOf(owner)) });
  try {
    const response = await api.post("/api/sessions", { data: { title } });
    expect(response.status(), `create session: ${await response.text()}`).toBe(201);
    return ((await response.json()) as { data: SessionView }).data;
  } finally {
    await api.dispose();
  }
}

type ConsoleSocket = Socket<ConsolePushes, ConsoleClientEvents>;
type ConsoleEvent = keyof ConsoleClientEvents;
type ConsoleData<E extends ConsoleEvent> = Extract<AckOf<ConsoleClientEvents[E]>, { ok: true }>["data"];

/** One console request, on a console socket of its own that is closed once answered. */
export async function asConsole<E extends ConsoleEvent>(
  owner: Facilitator,
  event: E,
  payload: RequestPayload<ConsoleClientEvents[E]>,
): Promise<ConsoleData<E>> {
  const socket: ConsoleSocket = io(owner.baseURL + NAMESPACES.console, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { v: PROTOCOL_VERSION },
    // The handshake is checked like a browser's: its sign-in cookie and its page's origin.
    extraHeaders: { cookie: cookieOf(owner), origin: owner.baseURL },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", (err) => reject(new Error(`console socket refused: ${err.message}`)));
    });
    const ack = await request(socket, event, payload);
    if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code}: ${ack.error.message}`);
    return ack.data;
  } finally {
    socket.disconnect();
  }
}

/**
 * A live session of its own for one test, owned by the worker's facilitator:
 * created, then taken live as the console's "Go live" does.
 */
export async function seedLiveSession(baseURL: string, title = "Breakthrough practice"): Promise<LiveSession> {
  const owner = await facilitator(baseURL);
  const draft = await createSession(owner, title);
  const live = await asConsole(owner, "session:start", { sessionId: draft.id });
  expect(live.status).toBe("live");
  expect(live.joinCode).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
  expect(live.joinKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const code = live.joinCode!;
  const key = live.joinKey!;
  return {
    facilitator: owner,
    id: live.id,
    title: live.title,
    code,
    key,
    consolePath: `/console/s/${live.id}`,
    linkPath: `/j/${code}?k=${key}`,
  };
}

/** Puts a prompt on every phone of the session, as the console's push buttons do. */
export function seedPrompt(session: LiveSession, source: PromptSource) {
  return asConsole(session.facilitator, "prompt:push", { sessionId: session.id, source });
}

// ---- people in browser contexts ---------------------------------------------

// Playwright's iPhone preset names WebKit, which cannot run here: Chromium with its size and touch.
const { defaultBrowserType: _webkit, ...iPhone } = devices["iPhone 13"];

/** A phone of today (390×844). */
export const PHONE: BrowserContextOptions = iPhone;
/** The smallest phone still in use (320×640). */
export const SMALL_PHONE: BrowserContextOptions = {
  ...iPhone,
  viewport: { width: 320, height: 640 },
  screen: { width: 320, height: 640 },
};
export const LAPTOP = { width: 1440, height: 900 };
/** A projector or a shared screen. */
export const ROOM_SCREEN = { width: 1920, height: 1080 };

const opened = new Set<BrowserContext>();

/** A browser of its own for one person, closed by `closeEveryone`. */
async function newPerson(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  opened.add(context);
  context.on("close", () => opened.delete(context));
  return context;
}

/**
 * Closes every browser these helpers opened. Playwright closes only the
 * contexts of its own fixtures, and a phone left open would stay connected,
 * and counted present, into the next test: call it after each.
 */
export async function closeEveryone(): Promise<void> {
  for (const socket of nodePhones) socket.disconnect();
  nodePhones.clear();
  await Promise.all([...opened].map((context) => context.close()));
}

export type NodePhone = Socket<ParticipantPushes, ParticipantClientEvents>;
const nodePhones = new Set<NodePhone>();

/**
 * A phone as a socket client from Node (the same events a phone's page
 * sends), joined once its snapshot arrived, optionally saying where it is.
 * For rooms larger than a spec needs browsers for; `closeEveryone` closes it.
 */
export async function nodePhone(session: LiveSession, where?: Where): Promise<NodePhone> {
  const baseURL = session.facilitator.baseURL;
  const socket: NodePhone = io(baseURL + NAMESPACES.participant, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { v: PROTOCOL_VERSION, code: session.code, key: session.key, ...(where ? { where } : {}) },
    extraHeaders: { origin: baseURL },
  });
  nodePhones.add(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("session:snapshot", () => resolve());
    socket.once("connect_error", (err) => reject(new Error(`phone socket refused: ${err.message}`)));
  });
  return socket;
}

/** A phone of its own (its own storage and connection) with `url` open. */
export async function openPhone(browser: Browser, url: string, device: BrowserContextOptions = PHONE): Promise<Page> {
  const context = await newPerson(browser, device);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** A page of the facilitator's, signed in by the seeded cookie, in a browser of its own. */
export async function facilitatorPage(browser: Browser, session: LiveSession, path: string, viewport: { width: number; height: number }) {
  const context = await newPerson(browser, { viewport });
  await context.addCookies([{ name: AUTH_COOKIE, value: session.facilitator.token, url: session.facilitator.baseURL, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** The session's console, once it shows the session live. */
export async function openConsole(browser: Browser, session: LiveSession, viewport = LAPTOP): Promise<Page> {
  const page = await facilitatorPage(browser, session, session.consolePath, viewport);
  await expect(page.getByRole("heading", { name: session.title })).toBeVisible();
  await expect(page.getByLabel(`Join code ${spaced(session.code)}`)).toBeVisible();
  return page;
}

/** The session's room display, as a projector shows it, once it shows the way in. */
export async function openRoomDisplay(browser: Browser, session: LiveSession): Promise<Page> {
  const page = await facilitatorPage(browser, session, `${session.consolePath}/display`, ROOM_SCREEN);
  await expect(page.getByLabel(`Join code ${spaced(session.code)}`)).toBeVisible();
  return page;
}

/** The path of a link shown in a read-only field (its origin is the server's public one). */
export async function pathIn(page: Page, label: string): Promise<string> {
  const url = new URL(await page.getByLabel(label, { exact: true }).inputValue());
  return url.pathname + url.search;
}

/** A code as screen readers are given it, one character at a time: "K 7 M 3 Q X". */
export const spaced = (code: string) => code.split("").join(" ");
