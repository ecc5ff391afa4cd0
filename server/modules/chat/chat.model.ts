import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

/** builtin: answers from the forum's threads, no network; openai: any OpenAI-compatible API. */
export const CHAT_SERVICE_TYPES = ["builtin", "openai", "huggingface"] as const;
export type ChatServiceType = (typeof CHAT_SERVICE_TYPES)[number];

const chatSessionSchema = new Schema(
  {
    _id: prefixedId("cht"),
    userId: { type: Number, required: true, validate: integer },
    title: { type: String, required: true },
    /** The provider (`serviceType`, the field's name since the collection was first designed). */
    serviceType: { type: String, required: true, enum: CHAT_SERVICE_TYPES },
    /** Provider model name; null means the provider's default. */
    model: { type: String, default: null },
    messageCount: { type: Number, required: true, default: 0, min: 0, validate: integer },
    tokensUsed: { type: Number, required: true, default: 0, min: 0, validate: integer },
    lastMessageAt: { type: Date, default: null },
  },
  { collection: "chat_sessions", timestamps: true, versionKey: false },
);

chatSessionSchema.index({ userId: 1, createdAt: -1 });
// The session list, most recently used first.
chatSessionSchema.index({ userId: 1, lastMessageAt: -1 });

export type ChatSession = InferSchemaType<typeof chatSessionSchema>;
export const ChatSessionModel = defineModel("ChatSession", chatSessionSchema);

export const CHAT_ROLES = ["user", "assistant", "system"] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];
/**
 * complete: shown. pending: a question whose answer is not stored yet (hidden; it stays so when
 * the answer never comes). failed: the marker the recovery stores under an abandoned answer's id,
 * so that answer can never be stored (and charged) afterwards.
 */
export const CHAT_MESSAGE_STATUSES = ["complete", "pending", "failed"] as const;

const citationSchema = new Schema(
  {
    threadId: { type: String, required: true },
    title: { type: String, required: true },
    url: { type: String, required: true },
  },
  { _id: false },
);

const chatMessageSchema = new Schema(
  {
    _id: prefixedId("msg"),
    sessionId: { type: String, required: true },
    userId: { type: Number, required: true, validate: integer },
    role: { type: String, required: true, enum: CHAT_ROLES },
    content: { type: String, required: true },
    /** Tokens charged for this message: input + output on the assistant's reply, 0 otherwise. */
    tokensUsed: { type: Number, required: true, default: 0, min: 0, validate: integer },
    inputTokens: { type: Number, required: true, default: 0, min: 0, validate: integer },
    outputTokens: { type: Number, required: true, default: 0, min: 0, validate: integer },
    status: { type: String, required: true, enum: CHAT_MESSAGE_STATUSES, default: "complete" },
    /** Forum threads the built-in provider answered from. */
    citations: { type: [citationSchema], default: [] },
    /** The client's key for one send, so a retried request finds its earlier answer. */
    idempotencyKey: { type: String, default: null },
  },
  { collection: "chat_messages", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

chatMessageSchema.index({ sessionId: 1, createdAt: 1 });
// A retried send finds its earlier answer, also when that send created the session.
chatMessageSchema.index({ userId: 1, idempotencyKey: 1 });

export type ChatMessage = InferSchemaType<typeof chatMessageSchema>;
export const ChatMessageModel = defineModel("ChatMessage", chatMessageSchema);
