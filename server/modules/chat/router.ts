import { z } from "zod";
import { toTRPCError } from "../../trpc/errors.ts";
import { protectedProcedure, router } from "../../trpc/init.ts";
import { documentId } from "../schemas.ts";
import { answerStream } from "./answer-stream.ts";
import { chatSendOutput, chatSessionOutput, chatSessionWithMessagesOutput } from "./schemas.ts";
import {
  ask,
  chatOverview,
  createSession,
  deleteSession,
  getSession,
  listSessions,
  chatDeps,
  renameSession,
} from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const sessionId = documentId("cht", () => m.input_chat_sessionIdInvalid());
const title = z.string().trim().min(1, { error: () => m.input_titleRequired() }).max(120, { error: () => m.input_chat_titleTooLong() });

const sendInput = z.object({
  /** Omitted: the question starts a new session. */
  sessionId: sessionId.optional(),
  content: z.string().trim().min(1, { error: () => m.input_chat_questionRequired() }).max(4000, { error: () => m.input_chat_questionTooLong() }),
  /** Same key, same answer: a retried send is never answered or charged twice. */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: () => m.input_chat_idempotencyKey() })
    .optional(),
});


export const chatRouter = router({
  /** What the chat page shows around the sessions: the balance and who answers. */
  overview: protectedProcedure.query(({ ctx }) => chatOverview(chatDeps(ctx), ctx.user.id)),

  listSessions: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/chat/sessions", tags: ["chat"], summary: "Your conversations with Aleph" } })
    .output(z.array(chatSessionOutput))
    .query(({ ctx }) => listSessions(ctx.user.id)),

  getSession: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/chat/sessions/{sessionId}", tags: ["chat"], summary: "One conversation with its latest messages" } })
    .input(z.object({ sessionId }))
    .output(chatSessionWithMessagesOutput)
    .query(({ ctx, input }) => getSession(ctx.user.id, input.sessionId)),

  createSession: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/api/v1/chat/sessions", tags: ["chat"], summary: "Start an empty conversation" } })
    .input(z.object({ title: title.optional() }))
    .output(chatSessionOutput)
    .mutation(({ ctx, input }) => createSession(chatDeps(ctx), ctx.user.id, input.title)),

  renameSession: protectedProcedure
    .input(z.object({ sessionId, title }))
    .mutation(({ ctx, input }) => renameSession(ctx.user.id, input.sessionId, input.title)),

  deleteSession: protectedProcedure
    .input(z.object({ sessionId }))
    .mutation(({ ctx, input }) => deleteSession(ctx.user.id, input.sessionId)),

  /** Asks Aleph and answers once the reply is complete (for programs). */
  send: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/api/v1/chat/messages", tags: ["chat"], summary: "Ask Aleph; answers once the reply is complete and paid for" } })
    .input(sendInput)
    .output(chatSendOutput)
    .mutation(({ ctx, input, signal }) => ask(chatDeps(ctx), { ...input, userId: ctx.user.id, signal })),

  /**
   * Asks Aleph and streams the reply as it is generated (`httpBatchStreamLink`): `delta`
   * events, then `done` with the stored messages, tokens used and remaining balance. A POST,
   * so the CSRF check covers it; a closed connection aborts the answer and charges nothing.
   */
  sendStream: protectedProcedure.input(sendInput).mutation(async function* ({ ctx, input, signal }) {
    try {
      yield* answerStream((onDelta) => ask(chatDeps(ctx), { ...input, userId: ctx.user.id, signal, onDelta }));
    } catch (error) {
      // Thrown while the stream runs, past the procedure middleware: mapped here by the same table.
      // The response has begun by then (a header set now would throw), so no Retry-After here.
      throw toTRPCError(error);
    }
  }),
});
