import { AppError } from "@/lib/protocol/errors";
import { inviteAcceptSchema } from "@/lib/protocol/schemas";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";

/** Accepts a co-facilitator invitation for the signed-in facilitator; the session's consoles hear of it at once. */
export const POST = stateChanging(async (request) => {
  const facilitator = await currentFacilitator();
  if (!facilitator) throw new AppError("UNAUTHORIZED");
  const { token } = await readJson(request, inviteAcceptSchema);
  const { team, realtime } = services();
  const accepted = await team.accept(token, facilitator.id);
  await realtime.teamChanged(accepted.sessionId);
  return ok(accepted);
});
