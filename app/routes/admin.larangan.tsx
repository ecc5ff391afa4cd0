import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, linkClass, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { expiryOf, formFields } from "~/lib/form-action.server.ts";
import { t as translateDefault, useLocale, useT } from "~/lib/i18n.ts";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("mod.bansTitle")} · ${translateDefault("site.name")}` }];

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
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const { bans, status } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("mod.bansTitle")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("mod.bansIntro")}</p>
      </div>
      {outcome && "done" in outcome && <FormAlert tone="success">{t("mod.saved")}</FormAlert>}
      <FailureAlert failure={failure} />
      <nav className="flex gap-2" aria-label={t("mod.filterStatus")}>
        <Link to="?status=active" className={tabClass(status === "active")} aria-current={status === "active" ? "page" : undefined}>
          {t("mod.bansActive")}
        </Link>
        <Link to="?status=ended" className={tabClass(status === "ended")} aria-current={status === "ended" ? "page" : undefined}>
          {t("mod.bansEnded")}
        </Link>
      </nav>
      {bans.items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {t("mod.bansEmpty")}
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
                      {t("mod.banSource", { username: ban.source.username })}
                    </Link>
                  ) : (
                    t("mod.banNoSource")
                  )}{" "}
                  · {formatDateTime(ban.createdAt, locale)} ·{" "}
                  {ban.expiresAt
                    ? t(ban.active ? "mod.banUntil" : "mod.banEndedAt", { date: formatDateTime(ban.expiresAt, locale) })
                    : t("mod.banForever")}
                </p>
              </div>
              {ban.active && (
                <Form
                  method="post"
                  onSubmit={(event) => {
                    if (!window.confirm(t("mod.liftConfirm"))) event.preventDefault();
                  }}
                >
                  <input type="hidden" name="id" value={ban.id} />
                  <button type="submit" name="intent" value="lift" disabled={navigation.state === "submitting"} className={secondaryButtonClass}>
                    {t("mod.lift")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={bans.nextCursor} moreLabel="mod.more" firstLabel="mod.first" />
      <Form method="post" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("mod.banCreate")}</h2>
        <TextField name="fingerprint" label={t("mod.fingerprint")} required minLength={8} maxLength={128} autoComplete="off" errors={failure?.fieldErrors.fingerprint} />
        <TextField name="reason" label={t("mod.banReason")} required maxLength={500} errors={failure?.fieldErrors.reason} />
        <TextField name="expiresAt" type="datetime-local" label={t("mod.banExpires")} errors={failure?.fieldErrors.expiresAt} />
        <SubmitButton intent="ban">{t("mod.banCreate")}</SubmitButton>
      </Form>
    </div>
  );
}
