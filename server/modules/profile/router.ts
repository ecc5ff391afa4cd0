import { z } from "zod";
import { publicProcedure } from "../../trpc/init.ts";
import { publicProfileOutput } from "./schemas.ts";
import { getPublicProfile } from "./service.ts";

/** `user.publicProfile`: anyone's public profile page data, by username. */
export const publicProfileProcedure = publicProcedure
  .meta({ openapi: { method: "GET", path: "/api/v1/users/{username}", tags: ["users"], summary: "A member's public profile", protect: false } })
  .output(publicProfileOutput)
  .input(z.object({ username: z.string().trim().min(1).max(50) }))
  .query(({ ctx, input }) => getPublicProfile(ctx, input.username));
