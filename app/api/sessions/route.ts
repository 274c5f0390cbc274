import { z } from "zod";
import { AppError } from "@/lib/protocol/errors";
import { sessionTitleSchema } from "@/lib/protocol/schemas";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { currentFacilitator, services } from "@/app/_lib/server";
import { sessionOriginSchema } from "../templates/schemas";

/** A title, and where the session starts from: blank (the default), a practice exercise, a session template or a previous session. */
const createSchema = z.strictObject({ title: sessionTitleSchema, from: sessionOriginSchema.default({ kind: "blank" }) });

export const POST = stateChanging(async (request) => {
  const facilitator = await currentFacilitator();
  if (!facilitator) throw new AppError("UNAUTHORIZED");
  const { title, from } = await readJson(request, createSchema);
  return ok(await services().templates.createSession(facilitator.id, title, from), { status: 201 });
});
