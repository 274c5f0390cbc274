/**
 * A live session's palette and preparations (the confidentiality note, the
 * checklist): the copy in memory for snapshots, changes written through in
 * the session's own queue, then told to this node's phones and consoles and
 * to the peers, whose sockets hear it from them.
 *
 * The palette decides what phones can tap from now on. Check-ins already
 * stored under a signal taken off it stay counted (lib/pulse.ts): the live
 * session's pulse only learns which signals get a zero.
 */
import type { Signal } from "../../lib/content.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import { withKeys, type PreparationStore, type Prepared, type SignalDraft } from "../domain/palette.ts";
import type { Clock } from "./clock.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { LivePeers } from "./peers.ts";

export interface LivePaletteDeps {
  clock: Clock;
  outbound: LiveOutbound;
  peers: LivePeers;
  /** The database; without one (scenario tests) they live in memory only. */
  store?: PreparationStore;
  /** The live session's queue of facilitator commands. */
  serially: <T>(action: () => Promise<T>) => Promise<T>;
  /** Whether the session has ended (then nothing changes any more). */
  ended: () => boolean;
  /** Every signal with check-ins counted, on the palette or not: a new signal's key avoids them. */
  counted: () => Iterable<string>;
  /** The palette changed (here or on a peer): the pulse gives its signals a zero. */
  onPalette: (palette: Signal[]) => void;
}

export class LivePalette {
  private palette: Signal[];
  private prepared: Prepared;
  /** When each copy held was made, so a peer's older copy arriving late is ignored. */
  private paletteAt = Number.NEGATIVE_INFINITY;
  private preparedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sessionId: string,
    palette: Signal[],
    prepared: Prepared,
    private readonly deps: LivePaletteDeps,
  ) {
    this.palette = palette;
    this.prepared = prepared;
  }

  get signals(): Signal[] {
    return this.palette;
  }

  get note(): string | null {
    return this.prepared.confidentialityNote;
  }

  get checklist(): string[] {
    return this.prepared.checklist;
  }

  has(signal: string): boolean {
    return this.palette.some((s) => s.key === signal);
  }

  /** A console's palette: keys settled, stored, then told to every phone and console. */
  set(input: SignalDraft[]): Promise<Signal[]> {
    return this.deps.serially(async () => {
      this.requireNotEnded();
      const palette = withKeys(input, [...this.palette.map((s) => s.key), ...this.deps.counted()]);
      await this.deps.store?.setPalette(this.sessionId, palette);
      const at = this.deps.clock.now();
      this.deps.peers.publish(this.sessionId, { kind: "palette", palette, at });
      this.keepPalette(palette, at);
      return palette;
    });
  }

  /** The note and/or the checklist: stored, then told to every console (phones read the note in their next snapshot). */
  prepare(changes: Partial<Prepared>): Promise<Prepared> {
    return this.deps.serially(async () => {
      this.requireNotEnded();
      const prepared = this.deps.store ? await this.deps.store.prepare(this.sessionId, changes) : { ...this.prepared, ...changes };
      const at = this.deps.clock.now();
      this.deps.peers.publish(this.sessionId, { kind: "prepared", prepared, at });
      this.keepPrepared(prepared, at);
      return prepared;
    });
  }

  fromPeerPalette(palette: Signal[], at: number): void {
    if (at >= this.paletteAt) this.keepPalette(palette, at);
  }

  fromPeerPrepared(prepared: Prepared, at: number): void {
    if (at >= this.preparedAt) this.keepPrepared(prepared, at);
  }

  private requireNotEnded(): void {
    if (this.deps.ended()) throw new AppError("SESSION_NOT_LIVE", "This session has ended.");
  }

  private keepPalette(palette: Signal[], at: number): void {
    this.palette = palette;
    this.paletteAt = at;
    this.deps.onPalette(palette);
    this.deps.outbound.toPhones(this.sessionId, "palette:current", palette);
    this.deps.outbound.toConsoles(this.sessionId, "palette:current", { sessionId: this.sessionId, palette });
  }

  private keepPrepared(prepared: Prepared, at: number): void {
    this.prepared = prepared;
    this.preparedAt = at;
    this.deps.outbound.toConsoles(this.sessionId, "session:prepared", { sessionId: this.sessionId, ...prepared });
  }
}
