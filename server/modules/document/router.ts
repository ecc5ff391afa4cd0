import { z } from "zod";
import { protectedProcedure, router } from "../../trpc/init.ts";
import { cursorInput, newestFirstPosition, pageLimit } from "../pagination.ts";
import { documentId } from "../schemas.ts";
import {
  deleteDocument,
  getDocument,
  getQuota,
  listDocuments,
  renameDocument,
  shareDocument,
  titleLimits,
  unshareDocument,
} from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

// An id that is no document id is as unknown as one that does not exist.
const id = documentId("doc", () => m.error_document_notFound());
const title = z
  .string()
  .trim()
  .min(titleLimits.min, { error: () => m.input_titleRequired() })
  .max(titleLimits.max, { error: () => m.input_document_titleTooLong({ max: titleLimits.max }) });

/**
 * A member's own documents. Uploads and downloads are HTTP endpoints beside tRPC
 * (server/http/document-routes.ts: `POST /api/documents`, `GET /d/:id`, `GET /s/:token`).
 */
export const documentRouter = router({
  list: protectedProcedure
    .input(z.object({ cursor: cursorInput(newestFirstPosition).optional(), limit: pageLimit }).default({ limit: 20 }))
    .query(({ ctx, input }) => listDocuments(ctx.user.id, input)),

  get: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => getDocument(ctx.user.id, input.id)),

  /** Bytes used of the member's quota, the quota and the largest file allowed. */
  quota: protectedProcedure.query(({ ctx }) => getQuota(ctx, ctx.user.id)),

  update: protectedProcedure.input(z.object({ id, title })).mutation(({ ctx, input }) => renameDocument(ctx.user.id, input)),

  /** Shares by a public link `/s/<shareToken>`; sharing again keeps the link. */
  share: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => shareDocument(ctx.user.id, input.id)),

  /** Ends the public link: it answers 404 from then on. */
  unshare: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => unshareDocument(ctx.user.id, input.id)),

  delete: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteDocument(ctx, ctx.user.id, input.id)),
});
