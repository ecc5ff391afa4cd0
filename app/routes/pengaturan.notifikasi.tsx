import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { PushConsent } from "~/components/push-consent.tsx";
import { FailureAlert, failureOf, FormAlert, primaryButtonClass, secondaryButtonClass, TextField } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, pickMessage, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

const CHANNELS = [
  { key: "inApp", label: m.notifSettings_inApp },
  { key: "email", label: m.notifSettings_email },
  { key: "push", label: m.notifSettings_push },
] as const satisfies readonly { key: string; label: Message }[];

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
  const locale = useLocale();
  const navigation = useNavigation();
  const { preferences, blocks } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const busy = navigation.state === "submitting";

  return (
    <div className="space-y-6">
      <SettingsSection title={m.notifSettings_heading()} intro={m.notifSettings_intro()}>
        <Form method="post" className="space-y-4">
          {failure?.form === "preferences" && <FailureAlert failure={failure} />}
          {outcome && "saved" in outcome && <FormAlert tone="success">{m.notifSettings_saved()}</FormAlert>}
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left dark:border-slate-800">
                <th scope="col" className="py-2 pr-2 font-medium text-slate-600 dark:text-slate-400">
                  {m.notifSettings_type()}
                </th>
                {CHANNELS.map((channel) => (
                  <th key={channel.key} scope="col" className="px-1 py-2 text-center font-medium text-slate-600 dark:text-slate-400">
                    {channel.label()}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {preferences.map((preference) => {
                const type = pickMessage({ reply: m.notif_type_reply, mention: m.notif_type_mention, reaction: m.notif_type_reaction, badge: m.notif_type_badge, warning: m.notif_type_warning, report: m.notif_type_report, payment: m.notif_type_payment, low_balance: m.notif_type_low_balance }, preference.type)();
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
                          aria-label={m.notifSettings_toggle({ type, channel: channel.label() })}
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
            {m.notifSettings_save()}
          </button>
        </Form>
      </SettingsSection>

      <SettingsSection title={m.push_heading()} intro={m.push_intro()}>
        <div id="push-consent">
          <PushConsent />
        </div>
      </SettingsSection>

      <SettingsSection title={m.blocks_heading()} intro={m.blocks_intro()}>
        <div className="space-y-4">
          {failure?.form === "block" && <FailureAlert failure={failure} />}
          {outcome && "blocked" in outcome && <FormAlert tone="success">{m.blocks_added({ username: outcome.blocked })}</FormAlert>}
          {outcome && "unblocked" in outcome && <FormAlert tone="success">{m.blocks_removed()}</FormAlert>}
          <Form method="post" className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="flex-1">
              <TextField
                label={m.blocks_username()}
                name="username"
                autoComplete="off"
                required
                maxLength={30}
                errors={failure?.form === "block" ? failure.fieldErrors.username : undefined}
              />
            </div>
            <button type="submit" name="intent" value="block" disabled={busy} className={secondaryButtonClass}>
              {m.blocks_add()}
            </button>
          </Form>
          {blocks.items.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">{m.blocks_empty()}</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label={m.blocks_heading()}>
              {blocks.items.map((block) => (
                <li key={block.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div className="min-w-0">
                    <p className="truncate font-medium text-slate-900 dark:text-white">{block.username}</p>
                    <p className="text-xs text-slate-500 dark:text-slate-400">
                      {m.blocks_since({ date: formatDateTime(block.blockedAt, locale) })}
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
                      aria-label={m.blocks_removeLabel({ username: block.username })}
                    >
                      {m.blocks_remove()}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <CursorPager nextCursor={blocks.nextCursor} moreLabel={m.blocks_more} firstLabel={m.blocks_first} />
        </div>
      </SettingsSection>
    </div>
  );
}
