import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { linkClass } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { useLocale, useT, type MessageKey, type Translate } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import type { SecurityEventType } from "../../server/modules/security/service.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  return json({ page: await orErrorResponse(context.trpc.user.securityEvents({ cursor, limit: 20 })), paged: Boolean(cursor) });
}

/** The labelled event types (the admin area's own never show on a member's page). */
const EVENT_LABELS: Partial<Record<SecurityEventType, MessageKey>> = {
  register: "events.register",
  login: "events.login",
  login_failed: "events.login_failed",
  account_locked: "events.account_locked",
  logout: "events.logout",
  session_revoked: "events.session_revoked",
  password_changed: "events.password_changed",
  password_reset_requested: "events.password_reset_requested",
  email_verified: "events.email_verified",
  passkey_added: "events.passkey_added",
  passkey_removed: "events.passkey_removed",
  totp_enabled: "events.totp_enabled",
  totp_disabled: "events.totp_disabled",
  backup_code_used: "events.backup_code_used",
  access_token_created: "events.access_token_created",
  access_token_revoked: "events.access_token_revoked",
  access_tokens_revoked: "events.access_tokens_revoked",
  device_banned_attempt: "events.device_banned_attempt",
  payment_signature_invalid: "events.payment_signature_invalid",
};

/** A readable label for an event type; types added later still show, with their raw name. */
function eventLabel(t: Translate, eventType: string): string {
  const label = (EVENT_LABELS as Record<string, MessageKey | undefined>)[eventType];
  return label ? t(label) : t("events.other", { type: eventType });
}

export default function SecurityEvents() {
  const t = useT();
  const locale = useLocale();
  const { page, paged } = useLoaderData<typeof loader>();
  return (
    <>
      <SettingsSection title={t("events.heading")} intro={t("events.intro")}>
        {page.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("events.empty")}</p>
        ) : (
          <ol className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="security-events">
            {page.items.map((event) => (
              <li key={event.id} className="flex flex-col gap-0.5 py-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                <span className="font-medium text-slate-900 dark:text-white">{eventLabel(t, event.eventType)}</span>
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, locale)}</time>
                  {event.ipAddress && ` · ${t("sessions.ip", { ip: event.ipAddress })}`}
                </span>
              </li>
            ))}
          </ol>
        )}
        <nav className="mt-4 flex gap-4 text-sm">
          {paged && (
            <Link to="." className={linkClass}>
              {t("events.first")}
            </Link>
          )}
          {page.nextCursor && (
            <Link to={`?cursor=${encodeURIComponent(page.nextCursor)}`} className={linkClass}>
              {t("events.more")}
            </Link>
          )}
        </nav>
      </SettingsSection>
    </>
  );
}
