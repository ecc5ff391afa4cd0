import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../../trpc/context.ts";
import { toTRPCError as mapDomainError } from "../../trpc/errors.ts";
import { protectedProcedure, router } from "../../trpc/init.ts";
import { documentId } from "../schemas.ts";
import { getOrCreateWallet } from "../wallet/service.ts";
import { answerStream } from "./answer-stream.ts";
import { ProviderError } from "./providers/provider.ts";
import {
  ChatError,
  createSession,
  deleteSession,
  getSession,
  listSessions,
  renameSession,
  reservationLifetimeMs,
  sendMessage,
  type ChatDeps,
} from "./service.ts";

const sessionId = documentId("cht", "ID percakapan tidak valid.");
const title = z.string().trim().min(1, "Judul tidak boleh kosong.").max(120, "Judul paling panjang 120 karakter.");

const sendInput = z.object({
  /** Omitted: the question starts a new session. */
  sessionId: sessionId.optional(),
  content: z.string().trim().min(1, "Pertanyaan tidak boleh kosong.").max(4000, "Pertanyaan paling panjang 4.000 karakter."),
  /** Same key, same answer: a retried send is never answered or charged twice. */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "Kunci idempotensi harus 8–64 huruf, angka, _ atau -.")
    .optional(),
});

function chatDeps(ctx: Context): ChatDeps {
  return {
    prisma: ctx.prisma,
    env: ctx.env,
    logger: ctx.logger,
    provider: ctx.aleph,
    maxOutputTokens: ctx.env.ALEPH_MAX_OUTPUT_TOKENS,
    reservationTtlMs: reservationLifetimeMs(ctx.env),
  };
}

function sendRequest(ctx: Context & { user: { id: number } }, input: z.infer<typeof sendInput>, signal: AbortSignal | undefined) {
  return {
    userId: ctx.user.id,
    sessionId: input.sessionId,
    content: input.content,
    idempotencyKey: input.idempotencyKey ?? crypto.randomUUID(),
    signal,
  };
}

const NOTHING_CHARGED = "Tidak ada token yang dipotong; silakan kirim ulang pertanyaanmu.";

/** The chat's refusals and provider failures as tRPC errors a person understands. */
function toTRPCError(error: unknown, ctx: Context): unknown {
  if (error instanceof ChatError) {
    const code = ({ not_found: "NOT_FOUND", insufficient_tokens: "PAYMENT_REQUIRED", in_progress: "CONFLICT", expired: "GATEWAY_TIMEOUT" } as const)[error.kind];
    return new TRPCError({ code, message: error.message, cause: error });
  }
  // The asker left (closed the page, pressed stop): nothing was charged and nobody is listening.
  if (error instanceof Error && error.name === "AbortError") {
    return new TRPCError({ code: "CLIENT_CLOSED_REQUEST", message: "Permintaan dibatalkan.", cause: error });
  }
  if (error instanceof ProviderError) {
    ctx.logger.warn({ err: error, reason: error.reason }, "Aleph provider failed");
    switch (error.reason) {
      case "timeout":
        return new TRPCError({ code: "GATEWAY_TIMEOUT", message: `Aleph terlalu lama menjawab. ${NOTHING_CHARGED}`, cause: error });
      case "circuit_open": {
        const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 1000));
        return new TRPCError({
          code: "SERVICE_UNAVAILABLE",
          message: `Aleph sedang tidak tersedia karena layanan AI beberapa kali gagal. Tidak ada token yang dipotong; coba lagi dalam ${seconds} detik.`,
          cause: error,
        });
      }
      default:
        return new TRPCError({ code: "BAD_GATEWAY", message: `Aleph sedang tidak bisa menjawab: layanan AI bermasalah. ${NOTHING_CHARGED}`, cause: error });
    }
  }
  // A database outage mid-stream is past the procedure middleware: answer it as 503 here too.
  return mapDomainError(error, ctx.request.setHeader);
}

async function mapped<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toTRPCError(error, ctx);
  }
}

export const chatRouter = router({
  /** What the chat page shows around the sessions: the balance and who answers. */
  overview: protectedProcedure.query(async ({ ctx }) => {
    const wallet = await getOrCreateWallet(ctx, ctx.user.id);
    const provider = ctx.aleph;
    return {
      tokenBalance: wallet.availableTokens,
      provider: provider.serviceType,
      model: provider.model,
      maxOutputTokens: ctx.env.ALEPH_MAX_OUTPUT_TOKENS,
    };
  }),

  listSessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.user.id)),

  getSession: protectedProcedure
    .input(z.object({ sessionId }))
    .query(({ ctx, input }) => mapped(ctx, () => getSession(ctx.user.id, input.sessionId))),

  createSession: protectedProcedure
    .input(z.object({ title: title.optional() }))
    .mutation(({ ctx, input }) => createSession(chatDeps(ctx), ctx.user.id, input.title)),

  renameSession: protectedProcedure
    .input(z.object({ sessionId, title }))
    .mutation(({ ctx, input }) => mapped(ctx, () => renameSession(ctx.user.id, input.sessionId, input.title))),

  deleteSession: protectedProcedure
    .input(z.object({ sessionId }))
    .mutation(({ ctx, input }) => mapped(ctx, () => deleteSession(ctx.user.id, input.sessionId))),

  /** Asks Aleph and answers once the reply is complete (for programs). */
  send: protectedProcedure
    .input(sendInput)
    .mutation(({ ctx, input, signal }) => mapped(ctx, () => sendMessage(chatDeps(ctx), sendRequest(ctx, input, signal)))),

  /**
   * Asks Aleph and streams the reply as it is generated (`httpBatchStreamLink`): `delta`
   * events, then `done` with the stored messages, tokens used and remaining balance. A POST,
   * so the CSRF check covers it; a closed connection aborts the answer and charges nothing.
   */
  sendStream: protectedProcedure.input(sendInput).mutation(async function* ({ ctx, input, signal }) {
    try {
      yield* answerStream((onDelta) => sendMessage(chatDeps(ctx), { ...sendRequest(ctx, input, signal), onDelta }));
    } catch (error) {
      throw toTRPCError(error, ctx);
    }
  }),
});
