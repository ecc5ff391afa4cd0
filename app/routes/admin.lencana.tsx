import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage, EmptyState, selectClass } from "~/components/admin-page.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { BadgeChip } from "~/components/user-name.tsx";
import { adminSubmit } from "~/lib/admin.server.ts";
import { formFields } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, pickMessage } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_badges_title()} · Admin` }];

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

const SAVED: Record<string, Message> = { award: m.manage_badges_awarded, revoke: m.manage_badges_revoked };

export default function AdminBadges() {
  const { badges } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const saved = outcome && "saved" in outcome ? outcome.saved : null;
  const fieldsOf = (badge?: (typeof badges)[number]) => (
    <>
      <TextField name="name" label={m.manage_badges_name()} defaultValue={badge?.name} required maxLength={64} />
      <TextField name="description" label={m.manage_badges_description()} defaultValue={badge?.description} maxLength={500} />
      <TextField name="color" type="color" label={m.manage_badges_color()} defaultValue={badge?.color ?? "#64748b"} />
      <label className="block space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        <span>{m.manage_badges_rarity()}</span>
        <select name="rarity" defaultValue={badge?.rarity ?? "common"} className={`${selectClass} block w-full`}>
          {RARITIES.map((rarity) => (
            <option key={rarity} value={rarity}>
              {pickMessage({ common: m.manage_rarity_common, rare: m.manage_rarity_rare, epic: m.manage_rarity_epic, legendary: m.manage_rarity_legendary }, rarity)()}
            </option>
          ))}
        </select>
      </label>
      <TextField name="iconUrl" type="url" label={m.manage_badges_iconUrl()} defaultValue={badge?.iconUrl ?? ""} maxLength={2048} />
    </>
  );
  return (
    <AdminPage title={m.manage_badges_title()}>
      {saved && <FormAlert tone="success">{(SAVED[saved] ?? m.manage_badges_saved)()}</FormAlert>}
      <section aria-labelledby="lencana-baru" className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
        <h2 id="lencana-baru" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
          {m.manage_badges_new()}
        </h2>
        {failure?.form === "create" && <FailureAlert failure={failure} />}
        <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
          {fieldsOf()}
          <div className="self-end">
            <SubmitButton intent="create">{m.manage_badges_create()}</SubmitButton>
          </div>
        </Form>
      </section>
      {badges.length === 0 ? (
        <EmptyState>{m.manage_badges_empty()}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {badges.map((badge) => (
            <li key={badge.id} className="space-y-3 rounded-xl border border-slate-200 p-3 dark:border-slate-800" data-testid={`badge-${badge.name}`}>
              <div className="flex flex-wrap items-center gap-2">
                <BadgeChip badge={badge} />
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  {pickMessage({ common: m.manage_rarity_common, rare: m.manage_rarity_rare, epic: m.manage_rarity_epic, legendary: m.manage_rarity_legendary }, badge.rarity as (typeof RARITIES)[number])()} · {m.manage_badges_holders({ count: badge.holderCount })}
                </span>
              </div>
              {badge.description && <p className="text-sm text-slate-700 dark:text-slate-300">{badge.description}</p>}
              {failure?.form === `badge-${badge.id}` && <FailureAlert failure={failure} />}
              <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
                <input type="hidden" name="badgeId" value={badge.id} />
                <div className="min-w-48 flex-1">
                  <TextField name="username" label={m.manage_badges_username()} required autoCapitalize="none" spellCheck={false} maxLength={64} />
                </div>
                <div className="min-w-48 flex-1">
                  <TextField name="note" label={m.manage_badges_note()} maxLength={500} />
                </div>
                <button type="submit" name="intent" value="award" className={secondaryButtonClass}>
                  {m.manage_badges_award()}
                </button>
                <button type="submit" name="intent" value="revoke" className={secondaryButtonClass}>
                  {m.manage_badges_revoke()}
                </button>
              </Form>
              <details>
                <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{m.manage_categories_edit({ name: badge.name })}</summary>
                <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
                  <input type="hidden" name="badgeId" value={badge.id} />
                  {fieldsOf(badge)}
                  <div className="self-end">
                    <SubmitButton intent="update">{m.manage_badges_save()}</SubmitButton>
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
