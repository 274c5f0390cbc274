import { AppError } from "@/lib/protocol/errors";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";
import { idOf, templateUpdateSchema } from "../schemas";

type Context = { params: Promise<{ id: string }> };

/** The signed-in facilitator and the template id in the path (a malformed id is simply not found). */
async function target(context: Context) {
  const facilitator = await currentFacilitator();
  if (!facilitator) throw new AppError("UNAUTHORIZED");
  const id = await idOf(context.params);
  if (!id) throw new AppError("NOT_FOUND", "That template was not found.");
  return { ownerId: facilitator.id, id };
}

export const PUT = (request: Request, context: Context) =>
  stateChanging(async () => {
    const { ownerId, id } = await target(context);
    const { template } = await readJson(request, templateUpdateSchema);
    const { templates, clock } = services();
    return ok(await templates.update(ownerId, id, template, new Date(clock.now())));
  })(request);

export const DELETE = (request: Request, context: Context) =>
  stateChanging(async () => {
    const { ownerId, id } = await target(context);
    await services().templates.remove(ownerId, id);
    return ok(null);
  })(request);
