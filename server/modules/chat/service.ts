import type { Logger } from "pino";
import { isDuplicateKeyError } from "../../platform/db/mongo-schema.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import type { Context } from "../../trpc/context.ts";
import {
  AbortedError,
  ConflictError,
  DomainError,
  NotFoundError,
  UnavailableError,
  UpstreamFailedError,
  UpstreamTimeoutError,
  waitText,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import {
  InsufficientTokensError,
  SettlementTakenError,
  claimSettlement,
  expiredReservations,
  getWallet,
  releaseReservation,
  reserveTokens,
  settleClaimed,
  settleReservation,
  settlementPending,
  type WalletDeps,
} from "../wallet/service.ts";
import { ChatMessageModel, ChatSessionModel, type ChatServiceType } from "./chat.model.ts";
import { boundedHistory, systemPrompt, titleFromQuestion } from "./prompt.ts";
import { ProviderError, type ChatProvider, type PromptMessage } from "./providers/provider.ts";
import { findRelevantThreads } from "./retrieval.ts";
import { countPromptTokens, countTokens } from "./tokenizer.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export interface ChatDeps extends WalletDeps {
  prisma: Prisma;
  provider: ChatProvider;
  /** The largest answer one message may produce; the estimate reserves it. */
  maxOutputTokens: number;
  /**
   * How long an answer's token reservation may stay open; past it the recovery job presumes
   * the process dead and settles or releases it. Default: reservationLifetimeMs of the defaults.
   */
  reservationTtlMs?: number;
  logger?: Pick<Logger, "error" | "warn">;
}

/**
 * ALEPH_RESERVATION_TTL_MS, or (unset) twice the provider deadline plus a minute: long enough
 * for any answer that can still succeed, short enough that a crash holds tokens briefly.
 */
export function reservationLifetimeMs(env: { ALEPH_RESERVATION_TTL_MS?: number | undefined; ALEPH_TIMEOUT_MS: number }): number {
  return env.ALEPH_RESERVATION_TTL_MS ?? 2 * env.ALEPH_TIMEOUT_MS + 60_000;
}

/** What a chat call needs, from a request context: the runtime's provider and the configured bounds. */
export function chatDeps(ctx: Pick<Context, "prisma" | "env" | "logger" | "aleph">): ChatDeps {
  return {
    prisma: ctx.prisma,
    env: ctx.env,
    logger: ctx.logger,
    provider: ctx.aleph,
    maxOutputTokens: ctx.env.ALEPH_MAX_OUTPUT_TOKENS,
    reservationTtlMs: reservationLifetimeMs(ctx.env),
  };
}

const DEFAULT_RESERVATION_TTL_MS = reservationLifetimeMs({ ALEPH_TIMEOUT_MS: 60_000 });

/** An answer's reservation is named after the answer, so recovery knows which message to look for. */
const reservationIdOf = (answerId: string) => `chat:${answerId}`;
const answerIdOf = (reservationId: string) => (reservationId.startsWith("chat:") ? reservationId.slice("chat:".length) : null);

/** A session title until the first question names it. */
export const DEFAULT_SESSION_TITLE = "Percakapan baru";
const SESSION_LIST_LIMIT = 50;
const MESSAGE_LIST_LIMIT = 200;

/**
 * A rule of sendMessage refused the send; `ask` (what the router calls) turns each kind into its
 * domain error (refusalOf below), so callers of the service only ever see domain errors.
 */
export class ChatError extends Error {
  override name = "ChatError";
  constructor(
    readonly kind: "insufficient_tokens" | "in_progress" | "expired",
    message: string,
    readonly details: { needed?: number; available?: number } = {},
  ) {
    super(message);
  }
}

const sessionNotFound = () => new NotFoundError(m.error_chat_sessionNotFound());
const inProgress = () =>
  new ChatError("in_progress", m.error_chat_inProgress());

export interface SessionView {
  id: string;
  title: string;
  serviceType: ChatServiceType;
  model: string | null;
  messageCount: number;
  tokensUsed: number;
  lastMessageAt: Date | null;
  createdAt: Date;
}

export interface Citation {
  threadId: string;
  title: string;
  url: string;
}

export interface MessageView {
  id: string;
  role: "user" | "assistant" | "system";
  content: string;
  tokensUsed: number;
  inputTokens: number;
  outputTokens: number;
  citations: Citation[];
  createdAt: Date;
}

type SessionDocument = {
  _id: string;
  title: string;
  serviceType: string;
  model?: string | null;
  messageCount: number;
  tokensUsed: number;
  lastMessageAt?: Date | null;
  createdAt: Date;
};

type MessageDocument = {
  _id: string;
  role: string;
  content: string;
  tokensUsed: number;
  inputTokens: number;
  outputTokens: number;
  citations?: Citation[] | null;
  createdAt: Date;
};

function sessionView(session: SessionDocument): SessionView {
  return {
    id: session._id,
    title: session.title,
    serviceType: session.serviceType as ChatServiceType,
    model: session.model ?? null,
    messageCount: session.messageCount,
    tokensUsed: session.tokensUsed,
    lastMessageAt: session.lastMessageAt ?? null,
    createdAt: session.createdAt,
  };
}

function messageView(message: MessageDocument): MessageView {
  return {
    id: message._id,
    role: message.role as MessageView["role"],
    content: message.content,
    tokensUsed: message.tokensUsed,
    inputTokens: message.inputTokens,
    outputTokens: message.outputTokens,
    citations: (message.citations ?? []).map(({ threadId, title, url }) => ({ threadId, title, url })),
    createdAt: message.createdAt,
  };
}

async function ownSession(userId: number, sessionId: string): Promise<SessionDocument> {
  const session = await ChatSessionModel.findOne({ _id: sessionId, userId }).lean();
  if (!session) throw sessionNotFound();
  return session;
}

/** The user's sessions, most recently used first. */
export async function listSessions(userId: number): Promise<SessionView[]> {
  const sessions = await ChatSessionModel.find({ userId })
    .sort({ lastMessageAt: -1, createdAt: -1 })
    .limit(SESSION_LIST_LIMIT)
    .lean();
  return sessions.map(sessionView);
}

export async function createSession(
  deps: Pick<ChatDeps, "provider">,
  userId: number,
  title: string = DEFAULT_SESSION_TITLE,
): Promise<SessionView> {
  const session = await ChatSessionModel.create({
    userId,
    title,
    serviceType: deps.provider.serviceType,
    model: deps.provider.model,
  });
  return sessionView(session.toObject());
}

export async function renameSession(userId: number, sessionId: string, title: string): Promise<SessionView> {
  const session = await ChatSessionModel.findOneAndUpdate(
    { _id: sessionId, userId },
    { $set: { title } },
    { new: true },
  ).lean();
  if (!session) throw sessionNotFound();
  return sessionView(session);
}

/** Deletes a session and its messages (the session first: orphaned messages are never shown). */
export async function deleteSession(userId: number, sessionId: string): Promise<void> {
  const deleted = await ChatSessionModel.deleteOne({ _id: sessionId, userId });
  if (deleted.deletedCount === 0) throw sessionNotFound();
  await ChatMessageModel.deleteMany({ sessionId, userId });
}

/** A session with its messages, oldest first (the most recent MESSAGE_LIST_LIMIT). */
export async function getSession(userId: number, sessionId: string) {
  const session = await ownSession(userId, sessionId);
  const messages = await ChatMessageModel.find({ sessionId, status: "complete" })
    .sort({ createdAt: -1, _id: -1 })
    .limit(MESSAGE_LIST_LIMIT)
    .lean();
  return { session: sessionView(session), messages: messages.reverse().map(messageView) };
}

export interface SendInput {
  userId: number;
  /** Omitted: a new session, titled by this question, is created once the answer is paid for. */
  sessionId?: string | undefined;
  content: string;
  /** The client's key for this send: a retry with the same key returns the first answer. */
  idempotencyKey: string;
  signal?: AbortSignal | undefined;
  /** Each piece of the answer as it is generated. */
  onDelta?: ((text: string) => void) | undefined;
}

export interface SendResult {
  session: SessionView;
  question: MessageView;
  answer: MessageView;
  /** Tokens charged: input + output. */
  tokensUsed: number;
  /** Token balance after the charge (tokens reserved by other answers in progress included). */
  remainingBalance: number;
}

/**
 * One question to Aleph, the forum's AI chat: reserve the worst case (input tokens +
 * the largest answer) or refuse with nothing stored; ask the provider with the forum's threads
 * as context and the bounded history; on failure release the reservation (nothing charged, the
 * question can be asked again); on success charge exactly input + output as one ledger entry,
 * store both messages and update the session.
 *
 * The member has received an answer once the assistant message is stored (status complete, id
 * = the answer id its reservation is named after): that durable fact, and nothing else, decides
 * a charge. The steps after the provider answered, each resumable by the recovery job:
 *   1. claim the charge: a pending ledger entry bound to this reservation, unique by the send's
 *      key, so of concurrent sends with one key only one goes on (the others release theirs);
 *   2. store the question (pending, hidden), then the answer: from here it was received;
 *   3. show the question, update (or create) the session, apply the charge (closing the reservation).
 * A crash before 2 leaves a reservation that expires and is released (recoverAbandonedAnswers
 * first stores a `failed` marker under the answer id, so the answer can never be stored late);
 * a crash after 2 leaves one that is settled from the claimed entry.
 */
export async function sendMessage(deps: ChatDeps, input: SendInput): Promise<SendResult> {
  const ledgerKey = `chat:${input.userId}:${input.idempotencyKey}`;
  const session = input.sessionId ? await ownSession(input.userId, input.sessionId) : null;
  const earlier = await replayOf(deps, input);
  if (earlier) return earlier;
  // The same send already being answered: do not pay the provider for a second answer.
  if (await settlementPending(ledgerKey)) throw inProgress();

  const [context, history] = await Promise.all([
    findRelevantThreads(deps.prisma, input.content),
    session ? historyOf(session._id) : Promise.resolve([]),
  ]);
  const messages: PromptMessage[] = [
    { role: "system", content: systemPrompt(context) },
    ...history,
    { role: "user", content: input.content },
  ];
  const countedInput = countPromptTokens(messages);
  const estimate = countedInput + deps.maxOutputTokens;

  // Unique per attempt: a retried question reserves afresh; the ledger key stops a double charge.
  const answerId = newId("msg");
  const reservationId = reservationIdOf(answerId);
  const expiresAt = new Date(Date.now() + (deps.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS));
  try {
    await reserveTokens(deps, { userId: input.userId, tokens: estimate, reservationId, expiresAt });
  } catch (error) {
    if (!(error instanceof InsufficientTokensError)) throw error;
    throw new ChatError(
      "insufficient_tokens",
      m.error_chat_insufficientTokens({ needed: estimate, available: error.available }),
      { needed: estimate, available: error.available },
    );
  }

  /** Where a failure leaves the answer: not stored, maybe stored (its write failed), stored. */
  let answer: "none" | "unknown" | "stored" = "none";
  let questionId: string | null = null;
  try {
    const completion = await deps.provider.complete({
      messages,
      question: input.content,
      context,
      maxOutputTokens: deps.maxOutputTokens,
      signal: input.signal ?? new AbortController().signal,
      onDelta: input.onDelta ?? (() => {}),
    });
    const inputTokens = completion.inputTokens ?? countedInput;
    const outputTokens = completion.outputTokens ?? countTokens(completion.content);
    // Never more than the estimate the asker's balance was checked against.
    const tokensUsed = Math.min(inputTokens + outputTokens, estimate);

    const sessionId = session?._id ?? newId("cht");
    const settlement = {
      userId: input.userId,
      reservationId,
      tokens: tokensUsed,
      description: `Aleph: ${titleFromQuestion(input.content)}`,
      reference: answerId,
      idempotencyKey: ledgerKey,
    };
    try {
      await claimSettlement(deps, settlement);
    } catch (error) {
      if (!(error instanceof SettlementTakenError)) throw error;
      // A concurrent send with the same key is being charged: that one is the answer.
      await releaseReservation(deps, { userId: input.userId, reservationId });
      const replay = await replayOf(deps, input);
      if (replay) return replay;
      throw inProgress();
    }

    const now = new Date();
    const citations = context.map((thread) => ({ threadId: String(thread.id), title: thread.title, url: thread.url }));
    const question = await ChatMessageModel.create({
      sessionId,
      userId: input.userId,
      role: "user",
      content: input.content,
      inputTokens,
      status: "pending",
      idempotencyKey: input.idempotencyKey,
      createdAt: now,
    });
    questionId = question._id;
    answer = "unknown";
    let stored;
    try {
      stored = await ChatMessageModel.create({
        _id: answerId,
        sessionId,
        userId: input.userId,
        role: "assistant",
        content: completion.content,
        tokensUsed,
        inputTokens,
        outputTokens,
        citations,
        idempotencyKey: input.idempotencyKey,
        createdAt: new Date(now.getTime() + 1),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The recovery job gave this answer up (its reservation expired) and released the tokens.
      answer = "none";
      throw new ChatError("expired", m.error_chat_timedOut({ nothingCharged: m.error_chat_nothingCharged() }));
    }
    answer = "stored";
    await ChatMessageModel.updateOne({ _id: question._id }, { $set: { status: "complete" } });
    question.status = "complete";

    const stats = {
      $inc: { messageCount: 2, tokensUsed },
      $set: { lastMessageAt: now, serviceType: deps.provider.serviceType, model: deps.provider.model },
    };
    const updated = session
      ? await ChatSessionModel.findOneAndUpdate({ _id: session._id }, stats, { new: true }).lean()
      : (
          await ChatSessionModel.create({
            _id: sessionId,
            userId: input.userId,
            title: titleFromQuestion(input.content),
            serviceType: deps.provider.serviceType,
            model: deps.provider.model,
            messageCount: 2,
            tokensUsed,
            lastMessageAt: now,
          })
        ).toObject();
    // The first question names a session created empty (and not renamed since).
    if (session && session.messageCount === 0 && session.title === DEFAULT_SESSION_TITLE) {
      await ChatSessionModel.updateOne(
        { _id: session._id, title: DEFAULT_SESSION_TITLE },
        { $set: { title: titleFromQuestion(input.content) } },
      );
      if (updated) updated.title = titleFromQuestion(input.content);
    }
    // Last, so that whatever is charged is already readable in its session.
    try {
      await settleReservation(deps, settlement);
    } catch (error) {
      // Received but not yet charged: the claimed entry is applied when the reservation expires.
      deps.logger?.error({ err: error, reservationId }, "charging an Aleph answer failed; the recovery job will charge it");
    }
    const wallet = await getWallet(deps, input.userId);
    return {
      session: sessionView(updated ?? { ...session!, messageCount: session!.messageCount + 2 }),
      question: messageView(question.toObject()),
      answer: messageView(stored.toObject()),
      tokensUsed,
      remainingBalance: wallet.availableTokens,
    };
  } catch (error) {
    if (answer !== "stored") {
      await abandonAnswer(deps, { userId: input.userId, reservationId, questionId, answerUnknown: answer === "unknown" }).catch(
        (cleanupError: unknown) => {
          // The reservation stays open until it expires; the recovery job ends it then.
          deps.logger?.error({ err: cleanupError, reservationId }, "releasing an Aleph token reservation failed");
        },
      );
    }
    throw error;
  }
}

/**
 * What sendMessage threw, as the domain error the asker gets: the chat's refusals by kind, the
 * asker leaving, and a provider failure (logged) with what to do next; nothing was charged in
 * any of these. Anything else (a domain error already, an outage, a bug) is returned as it is.
 */
function refusalOf(error: unknown, logger: ChatDeps["logger"]): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof ChatError) {
    switch (error.kind) {
      case "insufficient_tokens":
        return new InsufficientTokensError(error.details.needed ?? 0, error.details.available ?? 0, error.message);
      case "in_progress":
        return new ConflictError(error.message, { cause: error });
      case "expired":
        return new UpstreamTimeoutError(error.message, { cause: error });
    }
  }
  // The asker left (closed the page, pressed stop): nothing was charged and nobody is listening.
  if (error instanceof Error && error.name === "AbortError") return new AbortedError(m.error_chat_aborted(), { cause: error });
  if (error instanceof ProviderError) {
    logger?.warn({ err: error, reason: error.reason }, "Aleph provider failed");
    switch (error.reason) {
      case "timeout":
        return new UpstreamTimeoutError(m.error_chat_timedOut({ nothingCharged: m.error_chat_nothingCharged() }), { cause: error });
      case "circuit_open": {
        const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 1000));
        return new UnavailableError(
          m.error_chat_circuitOpen({ wait: waitText(seconds) }),
          seconds,
          { cause: error },
        );
      }
      default:
        return new UpstreamFailedError(m.error_chat_upstreamFailed({ nothingCharged: m.error_chat_nothingCharged() }), { cause: error });
    }
  }
  return error;
}

/**
 * One question to Aleph as the router asks it: sendMessage (a fresh idempotency key when the
 * client sent none), its refusals and provider failures as domain errors.
 */
export async function ask(
  deps: ChatDeps,
  input: Omit<SendInput, "idempotencyKey"> & { idempotencyKey?: string | undefined },
): Promise<SendResult> {
  try {
    return await sendMessage(deps, { ...input, idempotencyKey: input.idempotencyKey ?? crypto.randomUUID() });
  } catch (error) {
    throw refusalOf(error, deps.logger);
  }
}

/** What the chat page shows around the sessions: the balance and who answers. */
export async function chatOverview(deps: ChatDeps, userId: number) {
  const wallet = await getWallet(deps, userId);
  return {
    tokenBalance: wallet.availableTokens,
    provider: deps.provider.serviceType,
    model: deps.provider.model,
    maxOutputTokens: deps.maxOutputTokens,
  };
}


/**
 * Ends the reservation of an answer this process did not store: released, nothing charged.
 * When the answer's write failed with an unknown outcome, the `failed` marker decides: if the
 * answer turns out stored, it was received and is left to be charged.
 */
async function abandonAnswer(
  deps: ChatDeps,
  attempt: { userId: number; reservationId: string; questionId: string | null; answerUnknown: boolean },
) {
  if (attempt.answerUnknown && (await deliveredAnswer(attempt.userId, attempt.reservationId))) return;
  await releaseReservation(deps, { userId: attempt.userId, reservationId: attempt.reservationId });
  if (attempt.questionId) await ChatMessageModel.deleteOne({ _id: attempt.questionId, status: "pending" });
}

interface StoredMessage {
  _id: string;
  userId: number;
  sessionId: string;
  idempotencyKey?: string | null;
  tokensUsed: number;
  createdAt: Date;
}

/**
 * Whether the answer of `reservationId` was received (stored complete); if it was not, makes
 * sure it never will be, by storing a `failed` marker under its id (unique, so the answer's own
 * insert and the marker's cannot both succeed, on FerretDB too).
 */
async function deliveredAnswer(userId: number, reservationId: string): Promise<StoredMessage | null> {
  const answerId = answerIdOf(reservationId);
  if (!answerId) return null;
  try {
    await ChatMessageModel.create({
      _id: answerId,
      sessionId: "abandoned",
      userId,
      role: "assistant",
      content: "(jawaban tidak selesai)",
      status: "failed",
    });
    return null;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const stored = await ChatMessageModel.findOne({ _id: answerId, userId }).lean();
    return stored?.status === "complete" ? stored : null;
  }
}

const RECOVERY_DEPS: WalletDeps = { env: { WALLET_WELCOME_TOKENS: 0 } };

/**
 * The recovery job's part for Aleph: every reservation open past its expiry (its process died or
 * hung) ends. A received answer (stored complete) is charged from its claimed entry, and its
 * question and session are made visible; any other reservation is released with nothing charged.
 * Returns how many it settled and released.
 */
export async function recoverAbandonedAnswers(now: Date): Promise<{ settled: number; released: number }> {
  const outcome = { settled: 0, released: 0 };
  for (const reservation of await expiredReservations(now)) {
    const answer = await deliveredAnswer(reservation.userId, reservation.reservationId);
    if (answer && (await settleClaimed(reservation))) {
      await showDelivered(answer);
      outcome.settled++;
    } else {
      await releaseReservation(RECOVERY_DEPS, reservation);
      outcome.released++;
    }
  }
  return outcome;
}

/** Finishes what a crash after storing an answer skipped: its question shown, its session there. */
async function showDelivered(answer: StoredMessage) {
  const question = await ChatMessageModel.findOne({
    userId: answer.userId,
    sessionId: answer.sessionId,
    idempotencyKey: answer.idempotencyKey,
    role: "user",
  }).lean();
  if (question && question.status !== "complete") {
    await ChatMessageModel.updateOne({ _id: question._id }, { $set: { status: "complete" } });
  }
  if (await ChatSessionModel.exists({ _id: answer.sessionId })) return;
  try {
    await ChatSessionModel.create({
      _id: answer.sessionId,
      userId: answer.userId,
      title: question ? titleFromQuestion(question.content) : DEFAULT_SESSION_TITLE,
      // Which provider answered is not stored with the message.
      serviceType: "builtin",
      messageCount: question ? 2 : 1,
      tokensUsed: answer.tokensUsed,
      lastMessageAt: answer.createdAt,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

async function historyOf(sessionId: string): Promise<PromptMessage[]> {
  const recent = await ChatMessageModel.find({ sessionId, status: "complete", role: { $in: ["user", "assistant"] } })
    .sort({ createdAt: -1, _id: -1 })
    .limit(40)
    .lean();
  return boundedHistory(recent.reverse().map((message) => ({ role: message.role as "user" | "assistant", content: message.content })));
}

/** The stored answer of an earlier send with the same key, streamed again and not charged again. */
async function replayOf(deps: ChatDeps, input: SendInput): Promise<SendResult | null> {
  const stored = await ChatMessageModel.find({ userId: input.userId, idempotencyKey: input.idempotencyKey }).lean();
  const answer = stored.find((message) => message.role === "assistant" && message.status === "complete");
  // Questions of attempts that got no answer stay pending; the answered one is in its session.
  const question = stored.find((message) => message.role === "user" && message.sessionId === answer?.sessionId);
  if (!question || !answer) return null;
  const session = await ChatSessionModel.findOne({ _id: answer.sessionId, userId: input.userId }).lean();
  if (!session) return null;
  input.onDelta?.(answer.content);
  const wallet = await getWallet(deps, input.userId);
  return {
    session: sessionView(session),
    question: messageView(question),
    answer: messageView(answer),
    tokensUsed: answer.tokensUsed,
    remainingBalance: wallet.availableTokens,
  };
}
