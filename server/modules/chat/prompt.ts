import type { PromptMessage } from "./providers/provider.ts";
import type { RetrievedThread } from "./retrieval.ts";
import { countTokens } from "./tokenizer.ts";

/** History is bounded so the prompt fits any model's context, however long the chat grows. */
export const HISTORY_MAX_MESSAGES = 20;
export const HISTORY_TOKEN_BUDGET = 3_000;

const INSTRUCTIONS = [
  "Kamu adalah Aleph, asisten AI forum Alephdraad untuk developer Indonesia.",
  "Jawab dalam bahasa Indonesia yang jelas dan ringkas; gunakan Markdown dan blok kode bila membantu.",
  "Bila thread forum di bawah relevan, gunakan isinya dan sebut sumbernya sebagai tautan Markdown [judul](/t/id/slug).",
  "Jangan mengarang isi thread yang tidak ada di bawah.",
].join(" ");

export function systemPrompt(context: readonly RetrievedThread[]): string {
  if (context.length === 0) return `${INSTRUCTIONS}\n\nTidak ada thread forum yang cocok dengan pertanyaan ini.`;
  const threads = context.map(
    (thread, index) => `${index + 1}. [${thread.title}](${thread.url})\n   ${thread.summary}\n   Kutipan: ${thread.excerpt}`,
  );
  return `${INSTRUCTIONS}\n\nThread forum yang relevan:\n${threads.join("\n")}`;
}

/** The most recent messages (oldest first) that fit the history budget. */
export function boundedHistory(messages: readonly PromptMessage[]): PromptMessage[] {
  const kept: PromptMessage[] = [];
  let tokens = 0;
  for (const message of [...messages].reverse().slice(0, HISTORY_MAX_MESSAGES)) {
    tokens += countTokens(message.content);
    if (tokens > HISTORY_TOKEN_BUDGET) break;
    kept.unshift(message);
  }
  return kept;
}

const TITLE_MAX_LENGTH = 80;

/** A session's title from its first question: the first line, shortened. */
export function titleFromQuestion(question: string): string {
  const line = question.trim().split("\n")[0]!.replace(/\s+/g, " ");
  return line.length <= TITLE_MAX_LENGTH ? line : `${line.slice(0, TITLE_MAX_LENGTH - 1).trimEnd()}…`;
}
