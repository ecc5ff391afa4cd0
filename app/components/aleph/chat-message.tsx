import { Link } from "@remix-run/react";
import { formatNumber } from "~/lib/format.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { MarkdownAnswer } from "./markdown.tsx";

export interface ShownMessage {
  id: string;
  role: "user" | "assistant" | "system";
  content: string;
  tokensUsed: number;
  citations: { threadId: string; title: string; url: string }[];
}

/** One turn of the chat: the member's question, or Aleph's answer with its sources and cost. */
export function ChatMessage({ message, streaming = false }: { message: ShownMessage; streaming?: boolean }) {
  const locale = useLocale();
  if (message.role === "user") {
    return (
      <li className="flex justify-end">
        <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600 px-4 py-2 text-white">
          <p className="sr-only">{m.aleph_you()}:</p>
          <p className="whitespace-pre-wrap break-words">{message.content}</p>
        </div>
      </li>
    );
  }
  return (
    <li className="flex justify-start" data-testid="aleph-answer" aria-busy={streaming}>
      <div className="w-full max-w-[95%] rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-4 py-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-300">{m.aleph_assistant()}</p>
        {message.content ? (
          <MarkdownAnswer>{message.content}</MarkdownAnswer>
        ) : (
          <p className="animate-pulse text-slate-500 dark:text-slate-400">{m.aleph_thinking()}</p>
        )}
        {message.citations.length > 0 && (
          <div className="mt-3 border-t border-slate-100 pt-2 dark:border-slate-800">
            <p className="text-xs font-semibold text-slate-500 dark:text-slate-400">{m.aleph_sources()}</p>
            <ul className="mt-1 flex flex-wrap gap-2">
              {message.citations.map((citation) => (
                <li key={citation.threadId}>
                  <Link
                    to={citation.url}
                    className="inline-block rounded-full bg-brand-50 px-3 py-1 text-xs font-medium text-brand-700 hover:bg-brand-100 dark:bg-brand-500/15 dark:text-brand-200"
                  >
                    {citation.title}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
        {!streaming && message.tokensUsed > 0 && (
          <p className="mt-2 text-right text-xs text-slate-500 dark:text-slate-400" data-testid="aleph-cost">
            {m.aleph_cost({ tokens: formatNumber(message.tokensUsed, locale) })}
          </p>
        )}
      </div>
    </li>
  );
}
