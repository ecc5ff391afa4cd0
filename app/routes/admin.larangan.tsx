import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, linkClass, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { expiryOf, formFields } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.mod_bansTitle()} · ${m.site_name()}` }];

/** Device bans in force (or, with ?status=ended, ended ones), newest first (admins only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const status = params.get("status") === "ended" ? "ended" : "active";
  const bans = await adminCall(request, context.trpc.moderation.bans.list({ status, cursor: params.get("cursor") ?? undefined, limit: 20 }));
  return json({ bans, status });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["intent", "id", "fingerprint", "reason", "expiresAt"]);
  if (fields.intent === "lift") {
    const result = await adminSubmit(request, context.trpc.moderation.bans.lift({ id: fields.id }));
    return result.ok ? json({ done: "lifted" as const }) : result.response;
  }
  const result = await adminSubmit(request, 
    context.trpc.moderation.bans.create({ fingerprint: fields.fingerprint, reason: fields.reason, expiresAt: expiryOf(fields.expiresAt) }),
  );
  return result.ok ? json({ done: "banned" as const }) : result.response;
}

const tabClass = (active: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${
    active ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
  }`;

export default function DeviceBans() {
  const locale = useLocale();
  const navigation = useNavigation();
  const { bans, status } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{m.mod_bansTitle()}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{m.mod_bansIntro()}</p>
      </div>
      {outcome && "done" in outcome && <FormAlert tone="success">{m.mod_saved()}</FormAlert>}
      <FailureAlert failure={failure} />
      <nav className="flex gap-2" aria-label={m.mod_filterStatus()}>
        <Link to="?status=active" className={tabClass(status === "active")} aria-current={status === "active" ? "page" : undefined}>
          {m.mod_bansActive()}
        </Link>
        <Link to="?status=ended" className={tabClass(status === "ended")} aria-current={status === "ended" ? "page" : undefined}>
          {m.mod_bansEnded()}
        </Link>
      </nav>
      {bans.items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {m.mod_bansEmpty()}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {bans.items.map((ban) => (
            <li key={ban.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between" data-testid="device-ban">
              <div className="min-w-0 space-y-1">
                <p className="break-all font-mono text-xs text-slate-700 dark:text-slate-300">{ban.fingerprint}</p>
                <p className="break-words text-slate-900 dark:text-white">{ban.reason}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {ban.source ? (
                    <Link to={`/admin/anggota/${ban.source.id}`} className={linkClass}>
                      {m.mod_banSource({ username: ban.source.username })}
                    </Link>
                  ) : (
                    m.mod_banNoSource()
                  )}{" "}
                  · {formatDateTime(ban.createdAt, locale)} ·{" "}
                  {ban.expiresAt
                    ? (ban.active ? m.mod_banUntil : m.mod_banEndedAt)({ date: formatDateTime(ban.expiresAt, locale) })
                    : m.mod_banForever()}
                </p>
              </div>
              {ban.active && (
                <Form
                  method="post"
                  onSubmit={(event) => {
                    if (!window.confirm(m.mod_liftConfirm())) event.preventDefault();
                  }}
                >
                  <input type="hidden" name="id" value={ban.id} />
                  <button type="submit" name="intent" value="lift" disabled={navigation.state === "submitting"} className={secondaryButtonClass}>
                    {m.mod_lift()}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={bans.nextCursor} moreLabel={m.mod_more} firstLabel={m.mod_first} />
      <Form method="post" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{m.mod_banCreate()}</h2>
        <TextField name="fingerprint" label={m.mod_fingerprint()} required minLength={8} maxLength={128} autoComplete="off" errors={failure?.fieldErrors.fingerprint} />
        <TextField name="reason" label={m.mod_banReason()} required maxLength={500} errors={failure?.fieldErrors.reason} />
        <TextField name="expiresAt" type="datetime-local" label={m.mod_banExpires()} errors={failure?.fieldErrors.expiresAt} />
        <SubmitButton intent="ban">{m.mod_banCreate()}</SubmitButton>
      </Form>
    </div>
  );
}
