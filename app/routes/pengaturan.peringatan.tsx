import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { linkClass } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

/** The warnings moderators gave the member (the settings layout signs visitors in first). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  return json({ warnings: await orErrorResponse(context.trpc.moderation.myWarnings({ cursor, limit: 20 })) });
}

export default function WarningSettings() {
  const locale = useLocale();
  const { warnings } = useLoaderData<typeof loader>();
  return (
    <SettingsSection title={m.mod_warningsTitle()} intro={m.mod_warningsIntro()}>
      {warnings.items.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">{m.mod_warningsEmpty()}</p>
      ) : (
        <ul className="space-y-3">
          {warnings.items.map((warning) => (
            <li
              key={warning.id}
              data-testid="warning"
              className={`rounded-lg border px-3 py-2 ${
                warning.severity === "final"
                  ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100"
                  : "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
              }`}
            >
              <p className="text-sm font-semibold">{(warning.severity === "final" ? m.mod_severity_final : m.mod_severity_warning)()}</p>
              <p className="whitespace-pre-line break-words">{warning.reason}</p>
              <p className="mt-1 text-xs opacity-80">
                <time dateTime={warning.createdAt}>{formatDateTime(warning.createdAt, locale)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={warnings.nextCursor} moreLabel={m.mod_more} firstLabel={m.mod_first} />
      <Link to="/laporan-saya" className={`${linkClass} mt-4 inline-block text-sm`}>
        {m.mod_myReportsTitle()}
      </Link>
    </SettingsSection>
  );
}
