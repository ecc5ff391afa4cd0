import { isRouteErrorResponse, Link } from "@remix-run/react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message } from "~/lib/locale.ts";

interface ErrorCopy {
  status: number;
  title: Message;
  /** The server's own explanation (e.g. a tRPC message), when it gave one. */
  detail: string | null;
  body: Message | null;
}

function describe(error: unknown): ErrorCopy {
  if (isRouteErrorResponse(error) && error.status < 500) {
    const notFound = error.status === 404;
    return {
      status: error.status,
      title: notFound ? m.error_notFoundTitle : m.error_badRequestTitle,
      body: notFound ? m.error_notFoundBody : null,
      detail: typeof error.data === "string" && error.data ? error.data : null,
    };
  }
  if (isRouteErrorResponse(error) && error.status === 503) {
    // A database or Redis outage (server/http/app.ts): temporary, so say so and offer a reload.
    return { status: 503, title: m.error_unavailableTitle, body: m.error_unavailableBody, detail: null };
  }
  return { status: 500, title: m.error_serverTitle, body: m.error_serverBody, detail: null };
}

/** The <title> of an error page, for `meta`. */
export function errorTitle(error: unknown): string {
  return describe(error).title();
}

/** A friendly page for 404s, bad requests and server errors; never shows internals. */
export function ErrorPage({ error }: { error: unknown }) {
  const copy = describe(error);
  return (
    <section className="mx-auto max-w-lg py-12 text-center">
      <p className="text-5xl font-bold text-brand-600 dark:text-brand-400">{copy.status}</p>
      <h1 className="mt-3 text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{copy.title()}</h1>
      {(copy.detail || copy.body) && (
        <p className="mt-2 text-slate-600 dark:text-slate-400">{copy.detail ?? (copy.body && copy.body())}</p>
      )}
      {copy.status === 503 && (
        <a
          href=""
          className="mr-3 mt-6 inline-flex rounded-lg border border-brand-600 px-4 py-2 font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-slate-900"
        >
          {m.error_retry()}
        </a>
      )}
      <Link
        to="/"
        className="mt-6 inline-flex rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
      >
        {m.error_backHome()}
      </Link>
    </section>
  );
}
