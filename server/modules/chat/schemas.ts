import { z } from "zod";
import { CHAT_SERVICE_TYPES } from "./chat.model.ts";

/** A chat session (SessionView), as an output schema. */
export const chatSessionOutput = z.object({
  id: z.string(),
  title: z.string(),
  serviceType: z.enum(CHAT_SERVICE_TYPES),
  model: z.string().nullable(),
  messageCount: z.number().int(),
  tokensUsed: z.number(),
  lastMessageAt: z.date().nullable(),
  createdAt: z.date(),
});

/** A question or an answer (MessageView). */
export const chatMessageOutput = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  tokensUsed: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  citations: z.array(z.object({ threadId: z.string(), title: z.string(), url: z.string() })),
  createdAt: z.date(),
});

export const chatSessionWithMessagesOutput = z.object({ session: chatSessionOutput, messages: z.array(chatMessageOutput) });

/** A question answered and paid for (SendResult). */
export const chatSendOutput = z.object({
  session: chatSessionOutput,
  question: chatMessageOutput,
  answer: chatMessageOutput,
  tokensUsed: z.number().meta({ description: "Tokens charged: input + output." }),
  remainingBalance: z.number().meta({ description: "Token balance after the charge." }),
});
