import { AppError } from "@/lib/protocol/errors";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";
import { sessionTemplateCreateSchema } from "../templates/schemas";

/** A session's deck, palette and confidentiality note, saved as the facilitator's own session template. */
export const POST = stateChanging(async (request) => {
  const facilitator = await currentFacilitator();
  if (!facilitator) throw new AppError("UNAUTHORIZED");
  const { sessionId, title, description } = await readJson(request, sessionTemplateCreateSchema);
  const { templates, clock } = services();
  return ok(await templates.saveSession(facilitator.id, sessionId, title, description, new Date(clock.now())), { status: 201 });
});
