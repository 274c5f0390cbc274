import { z } from "zod";
import { AppError } from "@/lib/protocol/errors";
import { sessionTitleSchema } from "@/lib/protocol/schemas";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";

const createSchema = z.strictObject({ title: sessionTitleSchema });

export const POST = stateChanging(async (request) => {
  const facilitator = await currentFacilitator();
  if (!facilitator) throw new AppError("UNAUTHORIZED");
  const { title } = await readJson(request, createSchema);
  return ok(await services().sessions.create(facilitator.id, title), { status: 201 });
});
