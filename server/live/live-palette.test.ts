import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE, type Signal } from "../../lib/content.ts";
import type { Prepared } from "../domain/palette.ts";
import { ManualClock } from "./clock.ts";
import { LivePalette } from "./live-palette.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { PeerEvent } from "./peers.ts";

function livePalette(options: { ended?: boolean; counted?: string[] } = {}) {
  const clock = new ManualClock();
  const heard: { to: string; event: string; payload: unknown }[] = [];
  const outbound: LiveOutbound = {
    toPhones: (_id, event, ...args) => void heard.push({ to: "phones", event, payload: args[0] }),
    toConsoles: (_id, event, ...args) => void heard.push({ to: "consoles", event, payload: args[0] }),
    toDisplays: (_id, event, ...args) => void heard.push({ to: "displays", event, payload: args[0] }),
    toPhoneSocket: () => {},
    toConsolesExcept: () => {},
    disconnectPhones: () => {},
  };
  const published: PeerEvent[] = [];
  const shown: Signal[][] = [];
  let queue = Promise.resolve<unknown>(null);
  const palette = new LivePalette("s1", DEFAULT_PALETTE.slice(), { confidentialityNote: null, checklist: [] }, {
    clock,
    outbound,
    peers: { node: "n1", publish: (_id, event) => void published.push(event) },
    serially: <T,>(action: () => Promise<T>) => {
      const result = queue.then(action, action);
      queue = result.catch(() => {});
      return result;
    },
    ended: () => options.ended ?? false,
    counted: () => options.counted ?? [],
    onPalette: (next) => void shown.push(next),
  });
  return { clock, palette, heard, published, shown };
}

describe("LivePalette", () => {
  it("settles keys, then tells the pulse, the phones, the consoles and the peers", async () => {
    const { palette, heard, published, shown } = livePalette({ counted: ["need-air"] });
    const set = await palette.set([{ emoji: "🌬️", label: "Need air" }, { key: "moved", emoji: "💗", label: "Touched" }]);
    expect(set).toEqual([
      { key: "need-air-2", emoji: "🌬️", label: "Need air" },
      { key: "moved", emoji: "💗", label: "Touched" },
    ]);
    expect(shown).toEqual([set]);
    expect(heard).toEqual([
      { to: "phones", event: "palette:current", payload: set },
      { to: "consoles", event: "palette:current", payload: { sessionId: "s1", palette: set } },
    ]);
    expect(published).toMatchObject([{ kind: "palette", palette: set }]);
    expect(palette.has("need-air-2")).toBe(true);
    expect(palette.has("energy-shift")).toBe(false);
  });

  it("keeps the newest of a peer's changes and its own, whichever arrives last", async () => {
    const { clock, palette, heard } = livePalette();
    const mine = await palette.set([{ key: "i-see", emoji: "💡", label: "I see!" }]);
    const older: Signal[] = [{ key: "moved", emoji: "💗", label: "Moved" }];
    palette.fromPeerPalette(older, clock.now() - 1);
    expect(palette.signals).toEqual(mine);
    const newer: Signal[] = [{ key: "calm", emoji: "🌿", label: "Calm" }];
    palette.fromPeerPalette(newer, clock.now() + 1);
    expect(palette.signals).toEqual(newer);
    expect(heard.filter((h) => h.to === "phones").map((h) => h.payload)).toEqual([mine, newer]);

    const prepared: Prepared = { confidentialityNote: "Stays here.", checklist: ["privacy"] };
    palette.fromPeerPrepared(prepared, clock.now());
    palette.fromPeerPrepared({ confidentialityNote: null, checklist: [] }, clock.now() - 5);
    expect({ note: palette.note, checklist: palette.checklist }).toEqual({ note: "Stays here.", checklist: ["privacy"] });
  });

  it("changes nothing once the session has ended", async () => {
    const { palette, heard, published } = livePalette({ ended: true });
    await expect(palette.set([{ emoji: "🌿", label: "Calm" }])).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
    await expect(palette.prepare({ confidentialityNote: "Late" })).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
    expect(palette.signals).toEqual(DEFAULT_PALETTE);
    expect(palette.note).toBeNull();
    expect([...heard, ...published]).toEqual([]);
  });

  it("prepares the note and the checklist apart: a field left out stays, and only consoles hear it", async () => {
    const { palette, heard } = livePalette();
    await palette.prepare({ checklist: ["privacy", "trust"] });
    await palette.prepare({ confidentialityNote: "What is said here stays here." });
    expect({ note: palette.note, checklist: palette.checklist }).toEqual({ note: "What is said here stays here.", checklist: ["privacy", "trust"] });
    expect(heard.map((h) => `${h.to} ${h.event}`)).toEqual(["consoles session:prepared", "consoles session:prepared"]);
  });
});
