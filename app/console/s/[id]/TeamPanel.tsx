"use client";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { ConsoleRole, InviteCreated, TeamView } from "@/lib/protocol/views";
import { button, card, field, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { request, type ConsoleSocket } from "@/app/_lib/sockets";
import { CopyLinkButton, useWideScreen } from "./JoinPanel";

/**
 * Who runs this session, and the room display's own link. The owner invites
 * co-facilitators (a single-use link, shown once) and removes them; owner and
 * co-facilitators alike make and revoke the display link. Secrets are shown
 * only when made: the server keeps nothing it could show again.
 */
export function TeamPanel({
  socket,
  sessionId,
  role,
  team,
  me,
  origin,
  onTeam,
  className = "",
}: {
  socket: ConsoleSocket | null;
  sessionId: string;
  role: ConsoleRole;
  team: TeamView;
  /** This facilitator's email, to mark them in the list. */
  me?: string;
  /** Where the links point: the server's public address (as the join link's). */
  origin: string;
  onTeam: (team: TeamView) => void;
  className?: string;
}) {
  const t = useTranslations("Team.panel");
  const format = useFormatter();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [said, setSaid] = useState("");
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const owner = role === "owner";
  // Folded away beside a call (one column), open where it has a column of its own, like the join block.
  const wide = useWideScreen();
  const [opened, setOpened] = useState<boolean | null>(null);

  /** One request at a time; a refusal is shown, and the answer's data returned. */
  const send = async <T,>(run: (s: ConsoleSocket) => Promise<{ ok: true; data: T } | { ok: false; error: AppErrorBody }>): Promise<T | null> => {
    if (!socket || busy) return null;
    setBusy(true);
    setSaid("");
    const ack = await run(socket).finally(() => setBusy(false));
    if (!ack.ok) {
      setError(ack.error);
      return null;
    }
    setError(null);
    return ack.data;
  };

  const inviteUrl = invite ? `${origin}/console/invite/${invite.token}` : "";

  return (
    <section aria-labelledby="team-heading" className={card(`space-y-3 max-sm:p-3 ${className}`)} data-testid="team-panel">
      <h2 id="team-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {owner ? (
        <p className="text-sm text-ink/80">{t("ownerLine", { email: t("you", { email: team.owner.email }) })}</p>
      ) : (
        <p className="text-sm">{t("runWith", { owner: team.owner.email })}</p>
      )}

      <details open={opened ?? wide} onToggle={(event) => setOpened(event.currentTarget.open)} className="group">
        <summary className="inline-flex min-h-9 cursor-pointer items-center gap-1.5 text-sm font-medium text-accent-strong underline-offset-4 hover:underline">
          <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-90">
            ▸
          </span>
          {t("manage", { count: team.coFacilitators.length })}
        </summary>
        <div className="mt-3 space-y-4">
          {team.coFacilitators.length > 0 ? (
            <ul aria-label={t("listLabel")} className="divide-y divide-line rounded-xl border border-line">
              {team.coFacilitators.map((member) => (
                <li key={member.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                  <span className="min-w-0 text-sm font-medium break-all">{member.email === me ? t("you", { email: member.email }) : member.email}</span>
                  {owner &&
                    (confirming === member.id ? (
                      <ConfirmRemove
                        email={member.email}
                        busy={busy}
                        onKeep={() => setConfirming(null)}
                        onRemove={async () => {
                          const next = await send((s) => request(s, "team:remove", { sessionId, facilitatorId: member.id }));
                          setConfirming(null);
                          if (!next) return;
                          onTeam(next);
                          setSaid(t("removed", { email: member.email }));
                        }}
                      />
                    ) : (
                      <button
                        type="button"
                        onClick={() => setConfirming(member.id)}
                        aria-label={t("removeLabel", { email: member.email })}
                        className={button({ variant: "danger", size: "sm" })}
                      >
                        {t("remove")}
                      </button>
                    ))}
                </li>
              ))}
            </ul>
          ) : (
            owner && <p className="text-sm text-ink/80">{t("none")}</p>
          )}

          {owner ? (
            <div className="space-y-2">
              <button
                type="button"
                disabled={busy || !socket}
                onClick={async () => {
                  const made = await send((s) => request(s, "team:invite", { sessionId }));
                  if (made) setInvite(made);
                }}
                className={button({ variant: invite ? "secondary" : "primary", size: "sm" })}
              >
                {invite ? t("inviteAgain") : t("invite")}
              </button>
              {invite && (
                <div className="space-y-1.5">
                  <label htmlFor="invite-link" className="block text-sm font-medium">
                    {t("inviteLinkLabel")}
                  </label>
                  <SecretLink id="invite-link" url={inviteUrl} />
                  <CopyLinkButton url={inviteUrl} label={t("copy")} />
                  <p className="text-sm text-ink/80">{t("inviteHint", { expires: format.dateTime(invite.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
                </div>
              )}
            </div>
          ) : (
            <p className="text-sm text-ink/75">{t("coNote")}</p>
          )}

          <DisplayLink socket={socket} sessionId={sessionId} team={team} origin={origin} busy={busy} send={send} onTeam={onTeam} onSaid={setSaid} />
        </div>
      </details>

      <p role="alert" className={error ? notice("danger") : "sr-only"}>
        {error && errorText(error)}
      </p>
      <p role="status" aria-live="polite" className={said ? "text-sm font-semibold text-ok" : "sr-only"}>
        {said}
      </p>
    </section>
  );
}

function ConfirmRemove({ email, busy, onKeep, onRemove }: { email: string; busy: boolean; onKeep: () => void; onRemove: () => void }) {
  const t = useTranslations("Team.panel");
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div role="group" aria-label={t("confirmGroup", { email })} className="flex w-full flex-wrap items-center gap-2">
      <span className="text-sm font-medium">{t("confirmRemove", { email })}</span>
      <button ref={keep} type="button" onClick={onKeep} className={button({ variant: "secondary", size: "sm" })}>
        {t("keep")}
      </button>
      <button type="button" disabled={busy} onClick={onRemove} className={button({ variant: "danger", size: "sm", className: "bg-danger! text-raised! hover:opacity-90" })}>
        {t("confirmYes")}
      </button>
    </div>
  );
}

/** A secret link, shown once: read-only, selected whole on focus. */
function SecretLink({ id, url }: { id: string; url: string }) {
  return <input id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} className={field("font-mono text-sm")} spellCheck={false} />;
}

type Send = <T>(run: (s: ConsoleSocket) => Promise<{ ok: true; data: T } | { ok: false; error: AppErrorBody }>) => Promise<T | null>;

function DisplayLink({
  socket,
  sessionId,
  team,
  origin,
  busy,
  send,
  onTeam,
  onSaid,
}: {
  socket: ConsoleSocket | null;
  sessionId: string;
  team: TeamView;
  origin: string;
  busy: boolean;
  send: Send;
  onTeam: (team: TeamView) => void;
  onSaid: (text: string) => void;
}) {
  const t = useTranslations("Team.displayLink");
  const [made, setMade] = useState<{ key: string; tag: string | null } | null>(null);
  // Revoked or replaced from another console, the key made here opens nothing any more: not shown.
  const shown = made && made.tag === team.displayLink ? made.key : null;
  const url = shown ? `${origin}/d/${shown}` : "";
  const create = async () => {
    const link = await send((s) => request(s, "display:link", { sessionId }));
    if (!link) return;
    setMade({ key: link.key, tag: link.team.displayLink });
    onTeam(link.team);
  };
  const revoke = async () => {
    const next = await send((s) => request(s, "display:unlink", { sessionId }));
    if (!next) return;
    setMade(null);
    onTeam(next);
    onSaid(t("revoked"));
  };
  return (
    <div className="space-y-2 border-t border-line pt-4">
      <h3 className="font-semibold">{t("heading")}</h3>
      {shown ? (
        <div className="space-y-1.5">
          <label htmlFor="display-link" className="sr-only">
            {t("linkLabel")}
          </label>
          <SecretLink id="display-link" url={url} />
          <div className="flex flex-wrap items-center gap-x-4">
            <CopyLinkButton url={url} label={t("copy")} />
            <Link href={url} target="_blank" className="min-h-9 content-center text-sm font-medium text-accent-strong underline underline-offset-4">
              {t("open")} <span aria-hidden="true">↗</span>
            </Link>
          </div>
          <p className="text-sm text-ink/80">{t("shownOnce")}</p>
        </div>
      ) : (
        <p className="text-sm text-ink/80">{team.displayLink ? t("out") : t("about")}</p>
      )}
      <div className="flex flex-wrap gap-2">
        {team.displayLink ? (
          <>
            <button type="button" disabled={busy || !socket} onClick={() => void create()} className={button({ variant: "secondary", size: "sm" })}>
              {t("replace")}
            </button>
            <button type="button" disabled={busy || !socket} onClick={() => void revoke()} className={button({ variant: "danger", size: "sm" })}>
              {t("revoke")}
            </button>
          </>
        ) : (
          <button type="button" disabled={busy || !socket} onClick={() => void create()} className={button({ variant: "secondary", size: "sm" })}>
            {t("create")}
          </button>
        )}
      </div>
    </div>
  );
}

/** What a removed co-facilitator's console shows instead of the session. */
export function AccessEnded() {
  const t = useTranslations("Team.ended");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <section className={card("space-y-3")} data-testid="access-ended">
        <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold tracking-tight">
          {t("heading")}
        </h1>
        <p className="text-ink/80">{t("body")}</p>
        <Link href="/console" className={button({ variant: "secondary" })}>
          {t("back")}
        </Link>
      </section>
    </main>
  );
}
