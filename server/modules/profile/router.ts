import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { publicProcedure } from "../../trpc/init.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import { findProfile } from "./service.ts";

/** `user.publicProfile`: anyone's public profile page data, by username. */
export const publicProfileProcedure = publicProcedure
  .input(z.object({ username: z.string().trim().min(1).max(50) }))
  .query(async ({ ctx, input }) => {
    const profile = await findProfile({ prisma: ctx.prisma, replies: ReplyModel }, input.username);
    if (!profile) throw new TRPCError({ code: "NOT_FOUND", message: "Pengguna tidak ditemukan." });
    return profile;
  });
