import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { PushConsent } from "~/components/push-consent.tsx";
import { FailureAlert, failureOf, FormAlert, primaryButtonClass, secondaryButtonClass, TextField } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import { useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

const CHANNELS = [
  { key: "inApp", label: "notifSettings.inApp" },
  { key: "email", label: "notifSettings.email" },
  { key: "push", label: "notifSettings.push" },
] as const satisfies readonly { key: string; label: MessageKey }[];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [preferences, blocks] = await orErrorResponse(
    Promise.all([context.trpc.notification.preferences(), context.trpc.block.list({ cursor })]),
  );
  return json({ preferences: preferences.items, blocks });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "block") {
    const result = await submitForm(context.trpc.block.add(formFields(form, ["username"])), "block");
    return result.ok ? json({ blocked: result.data.username }) : result.response;
  }
  if (intent === "unblock") {
    const result = await submitForm(context.trpc.block.remove({ userId: Number(form.get("userId")) }), "block");
    return result.ok ? json({ unblocked: true as const }) : result.response;
  }
  // The whole table is one form (a checkbox sends nothing when unticked): only what changed is written.
  const { items } = await orErrorResponse(context.trpc.notification.preferences());
  for (const current of items) {
    const wanted = Object.fromEntries(CHANNELS.map(({ key }) => [key, form.has(`${current.type}.${key}`)])) as Record<
      (typeof CHANNELS)[number]["key"],
      boolean
    >;
    if (CHANNELS.every(({ key }) => wanted[key] === current[key])) continue;
    const result = await submitForm(context.trpc.notification.setPreference({ type: current.type, ...wanted }), "preferences");
    if (!result.ok) return result.response;
  }
  return json({ saved: true as const });
}

export default function NotificationSettings() {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const { preferences, blocks } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const busy = navigation.state === "submitting";

  return (
    <div className="space-y-6">
      <SettingsSection title={t("notifSettings.heading")} intro={t("notifSettings.intro")}>
        <Form method="post" className="space-y-4">
          {failure?.form === "preferences" && <FailureAlert failure={failure} />}
          {outcome && "saved" in outcome && <FormAlert tone="success">{t("notifSettings.saved")}</FormAlert>}
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left dark:border-slate-800">
                <th scope="col" className="py-2 pr-2 font-medium text-slate-600 dark:text-slate-400">
                  {t("notifSettings.type")}
                </th>
                {CHANNELS.map((channel) => (
                  <th key={channel.key} scope="col" className="px-1 py-2 text-center font-medium text-slate-600 dark:text-slate-400">
                    {t(channel.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {preferences.map((preference) => {
                const type = t(`notif.type.${preference.type}` as MessageKey);
                return (
                  <tr key={preference.type}>
                    <th scope="row" className="py-2 pr-2 text-left font-normal text-slate-800 dark:text-slate-200">
                      {type}
                    </th>
                    {CHANNELS.map((channel) => (
                      <td key={channel.key} className="px-1 py-2 text-center">
                        <input
                          type="checkbox"
                          name={`${preference.type}.${channel.key}`}
                          defaultChecked={preference[channel.key]}
                          aria-label={t("notifSettings.toggle", { type, channel: t(channel.label) })}
                          className="h-5 w-5 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="submit" name="intent" value="preferences" disabled={busy} className={primaryButtonClass}>
            {t("notifSettings.save")}
          </button>
        </Form>
      </SettingsSection>

      <SettingsSection title={t("push.heading")} intro={t("push.intro")}>
        <div id="push-consent">
          <PushConsent />
        </div>
      </SettingsSection>

      <SettingsSection title={t("blocks.heading")} intro={t("blocks.intro")}>
        <div className="space-y-4">
          {failure?.form === "block" && <FailureAlert failure={failure} />}
          {outcome && "blocked" in outcome && <FormAlert tone="success">{t("blocks.added", { username: outcome.blocked })}</FormAlert>}
          {outcome && "unblocked" in outcome && <FormAlert tone="success">{t("blocks.removed")}</FormAlert>}
          <Form method="post" className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="flex-1">
              <TextField
                label={t("blocks.username")}
                name="username"
                autoComplete="off"
                required
                maxLength={30}
                errors={failure?.form === "block" ? failure.fieldErrors.username : undefined}
              />
            </div>
            <button type="submit" name="intent" value="block" disabled={busy} className={secondaryButtonClass}>
              {t("blocks.add")}
            </button>
          </Form>
          {blocks.items.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">{t("blocks.empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("blocks.heading")}>
              {blocks.items.map((block) => (
                <li key={block.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div className="min-w-0">
                    <p className="truncate font-medium text-slate-900 dark:text-white">{block.username}</p>
                    <p className="text-xs text-slate-500 dark:text-slate-400">
                      {t("blocks.since", { date: formatDateTime(block.blockedAt, locale) })}
                    </p>
                  </div>
                  <Form method="post">
                    <input type="hidden" name="userId" value={block.userId} />
                    <button
                      type="submit"
                      name="intent"
                      value="unblock"
                      disabled={busy}
                      className={secondaryButtonClass}
                      aria-label={t("blocks.removeLabel", { username: block.username })}
                    >
                      {t("blocks.remove")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <CursorPager nextCursor={blocks.nextCursor} moreLabel="blocks.more" firstLabel="blocks.first" />
        </div>
      </SettingsSection>
    </div>
  );
}
