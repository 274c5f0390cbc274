import { AppError } from "@/lib/protocol/errors";
import { ok, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";
import { idOf } from "../../templates/schemas";

export const DELETE = (request: Request, context: { params: Promise<{ id: string }> }) =>
  stateChanging(async () => {
    const facilitator = await currentFacilitator();
    if (!facilitator) throw new AppError("UNAUTHORIZED");
    const id = await idOf(context.params);
    if (!id) throw new AppError("NOT_FOUND", "That template was not found.");
    await services().templates.removeSessionTemplate(facilitator.id, id);
    return ok(null);
  })(request);
