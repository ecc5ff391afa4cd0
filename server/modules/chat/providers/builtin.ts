import { setTimeout as sleep } from "node:timers/promises";
import type { RetrievedThread } from "../retrieval.ts";
import { countTokens, truncateToTokens } from "../tokenizer.ts";
import type { ChatProvider, Completion, CompletionRequest } from "./provider.ts";

/**
 * Member text (a thread's title, summary, passage) as Markdown that renders as exactly that
 * text: every punctuation character Markdown could read as syntax is backslash-escaped, and line
 * breaks become spaces, so `[x](https://…)`, `![](…)`, `# …` or `<img>` stay literal words and
 * cannot plant links, images or structure in an answer other members read.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/[\\`*_{}[\]<>()#+\-.!|~&"']/g, "\\$&");
}

/**
 * An answer composed from the forum's own threads, with no model and no network: what the
 * community already wrote about the question, each thread cited and linked.
 */
export function composeAnswer(context: readonly RetrievedThread[]): string {
  if (context.length === 0) {
    return [
      "Maaf, saya belum menemukan thread di forum yang membahas pertanyaan ini.",
      "",
      "Beberapa hal yang bisa dicoba:",
      "- Gunakan kata kunci yang lebih spesifik, misalnya nama teknologi, library atau pesan error.",
      "- Mulai thread baru supaya anggota komunitas bisa ikut membantu.",
    ].join("\n");
  }
  const intro =
    context.length === 1
      ? "Saya menemukan satu thread di forum yang membahas hal ini:"
      : `Saya menemukan ${context.length} thread di forum yang membahas hal ini:`;
  const sections = context.map((thread, index) => {
    // The URL is the forum's own (/t/<id>/<slug>, slug from slugify), never member text.
    const lines = [`${index + 1}. **[${escapeMarkdown(thread.title)}](${thread.url})**`];
    const summary = escapeMarkdown(thread.summary);
    const excerpt = escapeMarkdown(thread.excerpt);
    if (summary) lines.push(`   ${summary}`);
    if (excerpt) lines.push("", `   > ${excerpt}`);
    return lines.join("\n");
  });
  return [
    intro,
    "",
    sections.join("\n\n"),
    "",
    "Buka thread di atas untuk membaca pembahasan lengkap beserta balasan dari anggota lain. " +
      "Kalau belum menjawab pertanyaanmu, tanyakan langsung di thread tersebut atau mulai thread baru.",
  ].join("\n");
}

export interface BuiltinOptions {
  /** Pause between streamed pieces, so the answer appears as it would from a model. */
  streamDelayMs: number;
}

/** Streams a few words at a time. */
const WORDS_PER_PIECE = 3;

export function builtinProvider(options: BuiltinOptions): ChatProvider {
  return {
    serviceType: "builtin",
    model: null,
    async complete(request: CompletionRequest): Promise<Completion> {
      const content = truncateToTokens(composeAnswer(request.context), request.maxOutputTokens);
      const pieces = content.match(new RegExp(`(?:\\S+\\s*){1,${WORDS_PER_PIECE}}|\\s+`, "g")) ?? [];
      for (const piece of pieces) {
        request.signal.throwIfAborted();
        request.onDelta(piece);
        if (options.streamDelayMs > 0) await sleep(options.streamDelayMs, undefined, { signal: request.signal });
      }
      return { content, outputTokens: countTokens(content) };
    },
  };
}
