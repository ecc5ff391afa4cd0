import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConfirmedActionForm } from "~/components/confirmed-action-form.tsx";
import { OneTimeSecret } from "~/components/one-time-secret.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, pickMessage, useLocale } from "~/lib/locale.ts";
import type { webhookPageAction, webhookPageData } from "~/lib/webhook-page.server.ts";

type Data = SerializeFrom<typeof webhookPageData>;
type Outcome = SerializeFrom<typeof webhookPageAction> | undefined;

/** Each event type's label; a type this page does not know (a newer server) shows as itself. */
const EVENT_LABELS = {
  "thread.created": m.webhook_event_thread_created,
  "reply.created": m.webhook_event_reply_created,
  "reaction.created": m.webhook_event_reaction_created,
  "payment.settled": m.webhook_event_payment_settled,
  "report.resolved": m.webhook_event_report_resolved,
};
const eventLabel = (type: string): Message => pickMessage(EVENT_LABELS, type);

const statusClass: Record<string, string> = {
  succeeded: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};

/**
 * A list of webhook endpoints with their forms, the form for a new one, and the delivery log of
 * the chosen one: the member's settings page and the admin page show the same (their routes
 * decide which endpoints: app/lib/webhook-page.server.ts). Everything is a plain form or link.
 */
export function WebhookManager({ data, outcome }: { data: Data; outcome: Outcome }) {
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const failure = failureOf(outcome);
  const secret = outcome && "secret" in outcome ? outcome.secret : null;
  const done = outcome && "done" in outcome ? outcome.done : null;
  const createForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (secret) createForm.current?.reset();
  }, [secret]);
  const selected = data.endpoints.find((endpoint) => endpoint.id === data.selected) ?? null;

  return (
    <div className="space-y-4">
      <FailureAlert failure={failure} />
      {done && <FormAlert tone="success">{pickMessage({ enable: m.webhook_done_enable, disable: m.webhook_done_disable, delete: m.webhook_done_delete, redeliver: m.webhook_done_redeliver }, done)()}</FormAlert>}
      {secret && (
        <OneTimeSecret value={secret.value} testId="webhook-secret">
          {m.webhook_secretShown({ url: secret.url })}
        </OneTimeSecret>
      )}

      {data.endpoints.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.webhook_empty()}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label={m.webhook_listLabel()} data-testid="webhook-list">
          {data.endpoints.map((endpoint) => (
            <li key={endpoint.id} className="space-y-2 py-3" data-testid="webhook-endpoint">
              <p className="break-all font-mono text-sm font-medium text-slate-900 dark:text-white">{endpoint.url}</p>
              {endpoint.description && <p className="text-sm text-slate-700 dark:text-slate-300">{endpoint.description}</p>}
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {[
                  endpoint.isEnabled
                    ? m.webhook_active()
                    : endpoint.disabledReason === "failures"
                      ? m.webhook_disabledFailures({ date: endpoint.failingSince ? formatDateTime(endpoint.failingSince, locale) : "—" })
                      : m.webhook_disabledOwner(),
                  endpoint.consecutiveFailures > 0 ? m.webhook_failures({ count: endpoint.consecutiveFailures }) : null,
                  endpoint.events.map((type) => eventLabel(type)()).join(", "),
                  m.webhook_secretHint({ hint: endpoint.secretHint }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
              <div className="flex flex-wrap gap-2">
                <Link to={`?endpoint=${endpoint.id}`} className={secondaryButtonClass} aria-current={endpoint.id === data.selected ? "page" : undefined}>
                  {m.webhook_showLog()}
                </Link>
                <Form method="post">
                  <input type="hidden" name="id" value={endpoint.id} />
                  <button type="submit" name="intent" value={endpoint.isEnabled ? "disable" : "enable"} disabled={busy} className={secondaryButtonClass}>
                    {(endpoint.isEnabled ? m.webhook_disable : m.webhook_enable)()}
                  </button>
                </Form>
                <ConfirmedActionForm id={endpoint.id} intent="rotate" question={m.webhook_confirmRotate()} label={m.webhook_rotate()} disabled={busy} />
                <ConfirmedActionForm id={endpoint.id} intent="delete" question={m.webhook_confirmDelete({ url: endpoint.url })} label={m.webhook_delete()} disabled={busy} />
              </div>
            </li>
          ))}
        </ul>
      )}

      <Form ref={createForm} method="post" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" noValidate>
        <TextField name="url" type="url" label={m.webhook_url()} required maxLength={2048} autoComplete="off" inputMode="url" errors={failure?.fieldErrors.url} />
        <TextField name="description" label={m.webhook_description()} maxLength={200} autoComplete="off" errors={failure?.fieldErrors.description} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">{m.webhook_events()}</legend>
          {data.events.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="checkbox" name="events" value={type} defaultChecked className="h-5 w-5 rounded border-slate-300 text-brand-600 focus:ring-brand-500" />
              {eventLabel(type)()} <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{type}</code>
            </label>
          ))}
          {failure?.fieldErrors.events && <p className="text-sm text-red-700 dark:text-red-400">{failure.fieldErrors.events.join(" ")}</p>}
        </fieldset>
        <SubmitButton intent="create">{m.webhook_create()}</SubmitButton>
      </Form>

      {selected && data.deliveries && (
        <section className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" aria-labelledby="webhook-log-title" data-testid="webhook-log">
          <h3 id="webhook-log-title" className="break-all text-base font-semibold text-slate-900 dark:text-white">
            {m.webhook_logTitle({ url: selected.url })}
          </h3>
          {data.deliveries.items.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{m.webhook_logEmpty()}</p>
          ) : (
            <ul className="space-y-3">
              {data.deliveries.items.map((delivery) => (
                <li key={delivery.id} className="space-y-2 rounded-xl border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="webhook-delivery">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900 dark:text-white">{eventLabel(delivery.eventType)()}</span>
                    <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusClass[delivery.status] ?? ""}`}>{pickMessage({ pending: m.webhook_status_pending, succeeded: m.webhook_status_succeeded, failed: m.webhook_status_failed }, delivery.status)()}</span>
                    <code className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{delivery.messageId}</code>
                  </p>
                  <dl className="grid gap-1 text-slate-700 sm:grid-cols-2 dark:text-slate-300">
                    <Field label={m.webhook_colAttempts()} value={`${delivery.attempts}/${delivery.maxAttempts}`} />
                    <Field label={m.webhook_colResponse()} value={delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? "—")} />
                    <Field label={m.webhook_colTime()} value={delivery.lastDurationMs !== null ? `${delivery.lastDurationMs} ms` : "—"} />
                    <Field label={m.webhook_colCreated()} value={formatDateTime(delivery.createdAt, locale)} />
                    <Field label={m.webhook_colNext()} value={delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt, locale) : "—"} />
                  </dl>
                  {delivery.status !== "pending" && (
                    <Form method="post">
                      <input type="hidden" name="id" value={delivery.id} />
                      <button type="submit" name="intent" value="redeliver" disabled={busy || !selected.isEnabled} className={secondaryButtonClass}>
                        {m.webhook_redeliver()}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
          <CursorPager nextCursor={data.deliveries.nextCursor} moreLabel={m.webhook_more} firstLabel={m.webhook_first} />
        </section>
      )}
    </div>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="inline font-medium">{label}: </dt>
      <dd className="inline break-words">{value}</dd>
    </div>
  );
}
