import { AppError } from "@/lib/protocol/errors";
import { fail, ok, readJson, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";
import { templateCreateSchema } from "./schemas";

/** The facilitator's own templates (the console's picker asks when it opens). */
export async function GET() {
  try {
    const facilitator = await currentFacilitator();
    if (!facilitator) throw new AppError("UNAUTHORIZED");
    return ok(await services().templates.list(facilitator.id));
  } catch (error) {
    return fail(error);
  }
}

export const POST = stateChanging(async (request) => {
  const facilitator = await currentFacilitator();
  if (!facilitator) throw new AppError("UNAUTHORIZED");
  const body = await readJson(request, templateCreateSchema);
  const { templates, clock } = services();
  const now = new Date(clock.now());
  const created =
    "template" in body
      ? await templates.create(facilitator.id, body.template, now)
      : await templates.duplicate(facilitator.id, body.duplicate, body.title, now);
  return ok(created, { status: 201 });
});
