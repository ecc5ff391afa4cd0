import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage, EmptyState, selectClass } from "~/components/admin-page.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { BadgeChip } from "~/components/user-name.tsx";
import { adminSubmit } from "~/lib/admin.server.ts";
import { formFields } from "~/lib/form-action.server.ts";
import { t as translateDefault, useT, type MessageKey } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.badges.title")} · Admin` }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ badges: await orErrorResponse(context.trpc.admin.badges.list()) });
}

const RARITIES = ["common", "rare", "epic", "legendary"] as const;
const FIELDS = ["name", "description", "color", "iconUrl"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const badgeId = Number(form.get("badgeId"));
  const badges = context.trpc.admin.badges;
  const rarity = RARITIES.find((value) => value === form.get("rarity")) ?? "common";
  const holder = { badgeId, ...formFields(form, ["username", "note"]) };
  const call =
    intent === "create"
      ? badges.create({ ...formFields(form, FIELDS), rarity })
      : intent === "update"
        ? badges.update({ id: badgeId, ...formFields(form, FIELDS), rarity })
        : intent === "award"
          ? badges.award(holder)
          : badges.revoke(holder);
  const result = await adminSubmit<unknown>(request, call, intent === "create" ? "create" : `badge-${badgeId}`);
  return result.ok ? json({ saved: intent }) : result.response;
}

const SAVED: Record<string, MessageKey> = { award: "manage.badges.awarded", revoke: "manage.badges.revoked" };

export default function AdminBadges() {
  const t = useT();
  const { badges } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const saved = outcome && "saved" in outcome ? outcome.saved : null;
  const fieldsOf = (badge?: (typeof badges)[number]) => (
    <>
      <TextField name="name" label={t("manage.badges.name")} defaultValue={badge?.name} required maxLength={64} />
      <TextField name="description" label={t("manage.badges.description")} defaultValue={badge?.description} maxLength={500} />
      <TextField name="color" type="color" label={t("manage.badges.color")} defaultValue={badge?.color ?? "#64748b"} />
      <label className="block space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        <span>{t("manage.badges.rarity")}</span>
        <select name="rarity" defaultValue={badge?.rarity ?? "common"} className={`${selectClass} block w-full`}>
          {RARITIES.map((rarity) => (
            <option key={rarity} value={rarity}>
              {t(`manage.rarity.${rarity}`)}
            </option>
          ))}
        </select>
      </label>
      <TextField name="iconUrl" type="url" label={t("manage.badges.iconUrl")} defaultValue={badge?.iconUrl ?? ""} maxLength={2048} />
    </>
  );
  return (
    <AdminPage title={t("manage.badges.title")}>
      {saved && <FormAlert tone="success">{t(SAVED[saved] ?? "manage.badges.saved")}</FormAlert>}
      <section aria-labelledby="lencana-baru" className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
        <h2 id="lencana-baru" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
          {t("manage.badges.new")}
        </h2>
        {failure?.form === "create" && <FailureAlert failure={failure} />}
        <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
          {fieldsOf()}
          <div className="self-end">
            <SubmitButton intent="create">{t("manage.badges.create")}</SubmitButton>
          </div>
        </Form>
      </section>
      {badges.length === 0 ? (
        <EmptyState>{t("manage.badges.empty")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {badges.map((badge) => (
            <li key={badge.id} className="space-y-3 rounded-xl border border-slate-200 p-3 dark:border-slate-800" data-testid={`badge-${badge.name}`}>
              <div className="flex flex-wrap items-center gap-2">
                <BadgeChip badge={badge} />
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  {t(`manage.rarity.${badge.rarity as (typeof RARITIES)[number]}`)} · {t("manage.badges.holders", { count: badge.holderCount })}
                </span>
              </div>
              {badge.description && <p className="text-sm text-slate-700 dark:text-slate-300">{badge.description}</p>}
              {failure?.form === `badge-${badge.id}` && <FailureAlert failure={failure} />}
              <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
                <input type="hidden" name="badgeId" value={badge.id} />
                <div className="min-w-48 flex-1">
                  <TextField name="username" label={t("manage.badges.username")} required autoCapitalize="none" spellCheck={false} maxLength={64} />
                </div>
                <div className="min-w-48 flex-1">
                  <TextField name="note" label={t("manage.badges.note")} maxLength={500} />
                </div>
                <button type="submit" name="intent" value="award" className={secondaryButtonClass}>
                  {t("manage.badges.award")}
                </button>
                <button type="submit" name="intent" value="revoke" className={secondaryButtonClass}>
                  {t("manage.badges.revoke")}
                </button>
              </Form>
              <details>
                <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{t("manage.categories.edit", { name: badge.name })}</summary>
                <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
                  <input type="hidden" name="badgeId" value={badge.id} />
                  {fieldsOf(badge)}
                  <div className="self-end">
                    <SubmitButton intent="update">{t("manage.badges.save")}</SubmitButton>
                  </div>
                </Form>
              </details>
            </li>
          ))}
        </ul>
      )}
    </AdminPage>
  );
}
