import { json, redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import { TRPCClientError } from "@trpc/client";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ChatMessage, type ShownMessage } from "~/components/aleph/chat-message.tsx";
import { SessionList } from "~/components/aleph/session-list.tsx";
import { formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { useTRPCClient, withApi } from "~/lib/trpc.tsx";
import alephStyles from "~/styles/aleph.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: alephStyles }];

export const meta: MetaFunction = () => [{ title: `${m.aleph_title()} · ${m.site_name()}` }];

/** Members only (answers cost tokens); `?sesi=<id>` opens one of their conversations. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!(await context.trpc.auth.me())) {
    throw redirect(`/masuk?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
  }
  const sessionId = url.searchParams.get("sesi");
  const [overview, sessions, current] = await Promise.all([
    context.trpc.chat.overview(),
    context.trpc.chat.listSessions(),
    sessionId ? orErrorResponse(context.trpc.chat.getSession({ sessionId })) : null,
  ]);
  return json({ overview, sessions, current });
}

/** A fresh key per question, so a retried send is never answered or charged twice. */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

interface Failure {
  message: string;
  outOfTokens: boolean;
}

function AlephPage() {
  const data = useLoaderData<typeof loader>();
  const locale = useLocale();
  const client = useTRPCClient();
  const navigate = useNavigate();
  const revalidator = useRevalidator();

  const sessionId = data.current?.session.id ?? null;
  const [messages, setMessages] = useState<ShownMessage[]>(data.current?.messages ?? []);
  const [balance, setBalance] = useState(data.overview.tokenBalance);
  const [pending, setPending] = useState<{ question: string; answer: string } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const abort = useRef<AbortController | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  // Uncontrolled, so text typed before the page hydrates is kept.
  const questionInput = useRef<HTMLTextAreaElement>(null);

  // Loader data wins whenever it changes: another session opened, or a revalidation.
  const loaded = data.current;
  useEffect(() => {
    setMessages(loaded?.messages ?? []);
  }, [loaded]);
  useEffect(() => {
    setBalance(data.overview.tokenBalance);
  }, [data.overview.tokenBalance]);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [messages, pending?.answer]);

  async function ask(question: string) {
    const controller = new AbortController();
    abort.current = controller;
    setFailure(null);
    setPending({ question, answer: "" });
    try {
      const events = await client.chat.sendStream.mutate(
        { sessionId: sessionId ?? undefined, content: question, idempotencyKey: idempotencyKey.current },
        { signal: controller.signal },
      );
      for await (const event of events) {
        if (event.type === "delta") {
          setPending((current) => current && { ...current, answer: current.answer + event.text });
        } else {
          const { result } = event;
          setMessages((current) => [...current, result.question, result.answer]);
          setBalance(result.remainingBalance);
          if (questionInput.current) questionInput.current.value = "";
          idempotencyKey.current = newIdempotencyKey();
          // The sidebar (and a new session's address) come from the loader.
          if (sessionId) revalidator.revalidate();
          else navigate(`/aleph?sesi=${result.session.id}`, { replace: true, preventScrollReset: true });
        }
      }
    } catch (error) {
      if (controller.signal.aborted) {
        setFailure({ message: m.aleph_stopped(), outOfTokens: false });
      } else {
        const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
        setFailure({
          message: error instanceof TRPCClientError ? error.message : m.aleph_error(),
          outOfTokens: code === "PAYMENT_REQUIRED",
        });
      }
    } finally {
      abort.current = null;
      setPending(null);
    }
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const question = questionInput.current?.value.trim();
    if (question && !pending) void ask(question);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  async function rename(id: string, title: string) {
    await client.chat.renameSession.mutate({ sessionId: id, title });
    revalidator.revalidate();
  }

  async function remove(id: string) {
    await client.chat.deleteSession.mutate({ sessionId: id });
    if (id === sessionId) navigate("/aleph", { replace: true });
    else revalidator.revalidate();
  }

  const maxCost = formatNumber(data.overview.maxOutputTokens, locale);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.aleph_heading()}</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600 dark:text-slate-400">{m.aleph_intro()}</p>
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {data.overview.model ? m.aleph_providerModel({ model: data.overview.model }) : m.aleph_providerBuiltin()}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <p
            className="rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold text-slate-800 dark:bg-slate-800 dark:text-slate-100"
            data-testid="aleph-balance"
            data-tokens={balance}
            aria-live="polite"
          >
            {m.aleph_balance({ tokens: formatNumber(balance, locale) })}
          </p>
          <Link to="/dompet" className="rounded-md px-3 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-brand-500/15">
            {m.aleph_buyTokens()}
          </Link>
        </div>
      </div>

      <div className="flex flex-col gap-4 md:flex-row">
        <aside className="md:w-64 md:shrink-0" aria-label={m.aleph_sessions()}>
          <div className="flex items-center gap-2">
            <Link
              to="/aleph"
              className="flex-1 rounded-md bg-brand-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-brand-700"
            >
              {m.aleph_newSession()}
            </Link>
            <button
              type="button"
              className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 md:hidden dark:border-slate-700 dark:text-slate-200"
              aria-expanded={sidebarOpen}
              aria-controls="aleph-session-list"
              onClick={() => setSidebarOpen((open) => !open)}
            >
              {sidebarOpen ? m.aleph_hideSessions() : m.aleph_showSessions()}
            </button>
          </div>
          <div id="aleph-session-list" className={`mt-3 ${sidebarOpen ? "block" : "hidden"} md:block`}>
            <h2 className="mb-1 px-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{m.aleph_sessions()}</h2>
            <SessionList sessions={data.sessions} currentId={sessionId} onRename={rename} onDelete={remove} />
          </div>
        </aside>

        <section className="flex min-w-0 flex-1 flex-col rounded-xl border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950">
          <ol className="flex-1 space-y-4 p-3 sm:p-4" aria-live="polite" data-testid="aleph-messages">
            {messages.length === 0 && !pending && (
              <li className="py-10 text-center">
                <p className="font-semibold text-slate-800 dark:text-slate-100">{m.aleph_empty()}</p>
                <p className="mx-auto mt-1 max-w-md text-sm text-slate-600 dark:text-slate-400">{m.aleph_emptyHint()}</p>
              </li>
            )}
            {messages.map((message) => (
              <ChatMessage key={message.id} message={message} />
            ))}
            {pending && (
              <>
                <ChatMessage message={{ id: "pending-question", role: "user", content: pending.question, tokensUsed: 0, citations: [] }} />
                <ChatMessage streaming message={{ id: "pending-answer", role: "assistant", content: pending.answer, tokensUsed: 0, citations: [] }} />
              </>
            )}
          </ol>
          <div ref={bottom} />

          {failure && (
            <div role="alert" className="mx-3 mb-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
              <p>{failure.message}</p>
              <div className="mt-2 flex gap-3">
                {failure.outOfTokens ? (
                  <Link to="/dompet" className="font-semibold underline">
                    {m.aleph_buyTokens()}
                  </Link>
                ) : (
                  <button type="button" className="font-semibold underline" onClick={() => submit()}>
                    {m.aleph_retry()}
                  </button>
                )}
              </div>
            </div>
          )}

          <form onSubmit={submit} className="border-t border-slate-200 p-3 dark:border-slate-800">
            <label htmlFor="aleph-question" className="sr-only">
              {m.aleph_inputLabel()}
            </label>
            <div className="flex items-end gap-2">
              <textarea
                id="aleph-question"
                name="content"
                rows={2}
                maxLength={4000}
                ref={questionInput}
                required
                onKeyDown={onKeyDown}
                placeholder={m.aleph_inputPlaceholder()}
                aria-describedby="aleph-question-hint"
                className="min-h-[2.75rem] flex-1 resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-900"
              />
              {pending ? (
                <button
                  type="button"
                  onClick={() => abort.current?.abort()}
                  className="rounded-lg border border-slate-300 px-4 py-2 font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
                >
                  {m.aleph_stop()}
                </button>
              ) : (
                <button
                  type="submit"
                  className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
                >
                  {m.aleph_send()}
                </button>
              )}
            </div>
            <p id="aleph-question-hint" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              {m.aleph_inputHint({ tokens: maxCost })}
            </p>
          </form>
        </section>
      </div>
    </div>
  );
}

export default withApi(AlephPage);
