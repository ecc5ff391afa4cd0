import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: m.mailbox_title() }, { name: "robots", content: "noindex" }];

/** Only where the dev mailbox is turned on (DEV_MAILBOX=true, no SMTP): a 404 elsewhere. */
export async function loader({ context }: LoaderFunctionArgs) {
  return json({ mail: await orErrorResponse(context.trpc.auth.devMailbox()) }, { headers: { "Cache-Control": "no-store" } });
}

/** Plain mail text with its links clickable. */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/);
  return (
    <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-slate-700 dark:text-slate-300">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} className="text-brand-700 underline dark:text-brand-300">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </pre>
  );
}

export default function DevMailbox() {
  const { mail } = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{m.mailbox_title()}</h1>
      <p className="text-slate-600 dark:text-slate-400">{m.mailbox_intro()}</p>
      {mail.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">{m.mailbox_empty()}</p>
      ) : (
        <ol className="space-y-3">
          {mail.map((message) => (
            <li key={message.id} data-testid="dev-mail" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <h2 className="font-semibold text-slate-900 dark:text-white">{message.subject}</h2>
              <p className="text-sm text-slate-500 dark:text-slate-400">
                {m.mailbox_to({ to: message.to })} · <time dateTime={message.sentAt}>{formatDateTime(message.sentAt, locale)}</time>
              </p>
              <MailText text={message.text} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
