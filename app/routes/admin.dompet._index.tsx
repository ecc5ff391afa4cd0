import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, LedgerCheck } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { inputClass, linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatNumber, formatRupiah } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.wallets.title")} · Admin` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const username = (params.get("username") ?? "").slice(0, 64);
  const wallets = await orErrorResponse(context.trpc.admin.wallets.list({ username, cursor: params.get("cursor") ?? undefined }));
  return json({ wallets, username });
}

export default function AdminWallets() {
  const t = useT();
  const locale = useLocale();
  const { wallets, username } = useLoaderData<typeof loader>();
  return (
    <AdminPage title={t("manage.wallets.title")} intro={t("manage.wallets.intro")}>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <label className="min-w-56 flex-1 space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{t("manage.wallets.search")}</span>
          <input name="username" type="search" defaultValue={username} maxLength={64} className={inputClass} autoCapitalize="none" spellCheck={false} />
        </label>
        <button type="submit" className={secondaryButtonClass}>
          {t("manage.members.apply")}
        </button>
      </Form>
      {wallets.items.length === 0 ? (
        <EmptyState>{t("manage.wallets.empty")}</EmptyState>
      ) : (
        <AdminTable label={t("manage.wallets.title")} head={[t("manage.wallets.member"), t("manage.wallets.balance"), t("manage.wallets.tokens"), t("manage.wallets.check")]}>
          {wallets.items.map((wallet) => (
            <tr key={wallet.walletId}>
              <td className={cellClass}>
                <Link to={`/admin/dompet/${wallet.walletId}`} className={linkClass}>
                  {wallet.username ?? `#${wallet.userId}`}
                </Link>
              </td>
              <td className={cellClass}>{formatRupiah(wallet.balance, locale)}</td>
              <td className={cellClass}>{formatNumber(wallet.tokenBalance, locale)}</td>
              <td className={cellClass}>
                <LedgerCheck matches={wallet.matches} pending={wallet.pendingEntries} />
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <CursorPager nextCursor={wallets.nextCursor} moreLabel="manage.more" firstLabel="manage.first" />
    </AdminPage>
  );
}
