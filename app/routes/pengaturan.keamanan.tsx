import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { linkClass } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import type { SecurityEventType } from "../../server/modules/security/service.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  return json({ page: await orErrorResponse(context.trpc.user.securityEvents({ cursor, limit: 20 })), paged: Boolean(cursor) });
}

/** The labelled event types (the admin area's own never show on a member's page). */
const EVENT_LABELS: Partial<Record<SecurityEventType, Message>> = {
  register: m.events_register,
  login: m.events_login,
  login_failed: m.events_login_failed,
  account_locked: m.events_account_locked,
  logout: m.events_logout,
  session_revoked: m.events_session_revoked,
  password_changed: m.events_password_changed,
  password_reset_requested: m.events_password_reset_requested,
  email_verified: m.events_email_verified,
  passkey_added: m.events_passkey_added,
  passkey_removed: m.events_passkey_removed,
  totp_enabled: m.events_totp_enabled,
  totp_disabled: m.events_totp_disabled,
  backup_code_used: m.events_backup_code_used,
  access_token_created: m.events_access_token_created,
  access_token_revoked: m.events_access_token_revoked,
  access_tokens_revoked: m.events_access_tokens_revoked,
  device_banned_attempt: m.events_device_banned_attempt,
  payment_signature_invalid: m.events_payment_signature_invalid,
};

/** A readable label for an event type; types added later still show, with their raw name. */
function eventLabel(eventType: string): string {
  const label = (EVENT_LABELS as Record<string, Message | undefined>)[eventType];
  return label ? label() : m.events_other({ type: eventType });
}

export default function SecurityEvents() {
  const locale = useLocale();
  const { page, paged } = useLoaderData<typeof loader>();
  return (
    <>
      <SettingsSection title={m.events_heading()} intro={m.events_intro()}>
        {page.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.events_empty()}</p>
        ) : (
          <ol className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="security-events">
            {page.items.map((event) => (
              <li key={event.id} className="flex flex-col gap-0.5 py-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                <span className="font-medium text-slate-900 dark:text-white">{eventLabel(event.eventType)}</span>
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, locale)}</time>
                  {event.ipAddress && ` · ${m.sessions_ip({ ip: event.ipAddress })}`}
                </span>
              </li>
            ))}
          </ol>
        )}
        <nav className="mt-4 flex gap-4 text-sm">
          {paged && (
            <Link to="." className={linkClass}>
              {m.events_first()}
            </Link>
          )}
          {page.nextCursor && (
            <Link to={`?cursor=${encodeURIComponent(page.nextCursor)}`} className={linkClass}>
              {m.events_more()}
            </Link>
          )}
        </nav>
      </SettingsSection>
    </>
  );
}
