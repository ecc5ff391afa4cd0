import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConfirmedActionForm } from "~/components/confirmed-action-form.tsx";
import { CopyButton } from "~/components/copy-button.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import type { webhookPageAction, webhookPageData } from "~/lib/webhook-page.server.ts";

type Data = SerializeFrom<typeof webhookPageData>;
type Outcome = SerializeFrom<typeof webhookPageAction> | undefined;

const eventLabel = (type: string) => `webhook.event.${type}` as MessageKey;

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
  const t = useT();
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
      {done && <FormAlert tone="success">{t(`webhook.done.${done}` as MessageKey)}</FormAlert>}
      {secret && (
        <FormAlert tone="success">
          <p>{t("webhook.secretShown", { url: secret.url })}</p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="block min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:bg-slate-950 dark:text-slate-100" data-testid="webhook-secret">
              {secret.value}
            </code>
            <CopyButton text={secret.value} />
          </div>
        </FormAlert>
      )}

      {data.endpoints.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("webhook.empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("webhook.listLabel")} data-testid="webhook-list">
          {data.endpoints.map((endpoint) => (
            <li key={endpoint.id} className="space-y-2 py-3" data-testid="webhook-endpoint">
              <p className="break-all font-mono text-sm font-medium text-slate-900 dark:text-white">{endpoint.url}</p>
              {endpoint.description && <p className="text-sm text-slate-700 dark:text-slate-300">{endpoint.description}</p>}
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {[
                  endpoint.isEnabled
                    ? t("webhook.active")
                    : endpoint.disabledReason === "failures"
                      ? t("webhook.disabledFailures", { date: endpoint.failingSince ? formatDateTime(endpoint.failingSince, locale) : "—" })
                      : t("webhook.disabledOwner"),
                  endpoint.consecutiveFailures > 0 ? t("webhook.failures", { count: endpoint.consecutiveFailures }) : null,
                  endpoint.events.map((type) => t(eventLabel(type))).join(", "),
                  t("webhook.secretHint", { hint: endpoint.secretHint }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
              <div className="flex flex-wrap gap-2">
                <Link to={`?endpoint=${endpoint.id}`} className={secondaryButtonClass} aria-current={endpoint.id === data.selected ? "page" : undefined}>
                  {t("webhook.showLog")}
                </Link>
                <Form method="post">
                  <input type="hidden" name="id" value={endpoint.id} />
                  <button type="submit" name="intent" value={endpoint.isEnabled ? "disable" : "enable"} disabled={busy} className={secondaryButtonClass}>
                    {t(endpoint.isEnabled ? "webhook.disable" : "webhook.enable")}
                  </button>
                </Form>
                <ConfirmedActionForm id={endpoint.id} intent="rotate" question={t("webhook.confirmRotate")} label={t("webhook.rotate")} disabled={busy} />
                <ConfirmedActionForm id={endpoint.id} intent="delete" question={t("webhook.confirmDelete", { url: endpoint.url })} label={t("webhook.delete")} disabled={busy} />
              </div>
            </li>
          ))}
        </ul>
      )}

      <Form ref={createForm} method="post" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" noValidate>
        <TextField name="url" type="url" label={t("webhook.url")} required maxLength={2048} autoComplete="off" inputMode="url" errors={failure?.fieldErrors.url} />
        <TextField name="description" label={t("webhook.description")} maxLength={200} autoComplete="off" errors={failure?.fieldErrors.description} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">{t("webhook.events")}</legend>
          {data.events.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="checkbox" name="events" value={type} defaultChecked className="h-5 w-5 rounded border-slate-300 text-brand-600 focus:ring-brand-500" />
              {t(eventLabel(type))} <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{type}</code>
            </label>
          ))}
          {failure?.fieldErrors.events && <p className="text-sm text-red-700 dark:text-red-400">{failure.fieldErrors.events.join(" ")}</p>}
        </fieldset>
        <SubmitButton intent="create">{t("webhook.create")}</SubmitButton>
      </Form>

      {selected && data.deliveries && (
        <section className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" aria-labelledby="webhook-log-title" data-testid="webhook-log">
          <h3 id="webhook-log-title" className="break-all text-base font-semibold text-slate-900 dark:text-white">
            {t("webhook.logTitle", { url: selected.url })}
          </h3>
          {data.deliveries.items.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t("webhook.logEmpty")}</p>
          ) : (
            <ul className="space-y-3">
              {data.deliveries.items.map((delivery) => (
                <li key={delivery.id} className="space-y-2 rounded-xl border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="webhook-delivery">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900 dark:text-white">{t(eventLabel(delivery.eventType))}</span>
                    <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusClass[delivery.status] ?? ""}`}>{t(`webhook.status.${delivery.status}` as MessageKey)}</span>
                    <code className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{delivery.messageId}</code>
                  </p>
                  <dl className="grid gap-1 text-slate-700 sm:grid-cols-2 dark:text-slate-300">
                    <Field label={t("webhook.colAttempts")} value={`${delivery.attempts}/${delivery.maxAttempts}`} />
                    <Field label={t("webhook.colResponse")} value={delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? "—")} />
                    <Field label={t("webhook.colTime")} value={delivery.lastDurationMs !== null ? `${delivery.lastDurationMs} ms` : "—"} />
                    <Field label={t("webhook.colCreated")} value={formatDateTime(delivery.createdAt, locale)} />
                    <Field label={t("webhook.colNext")} value={delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt, locale) : "—"} />
                  </dl>
                  {delivery.status !== "pending" && (
                    <Form method="post">
                      <input type="hidden" name="id" value={delivery.id} />
                      <button type="submit" name="intent" value="redeliver" disabled={busy || !selected.isEnabled} className={secondaryButtonClass}>
                        {t("webhook.redeliver")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
          <CursorPager nextCursor={data.deliveries.nextCursor} moreLabel="webhook.more" firstLabel="webhook.first" />
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
