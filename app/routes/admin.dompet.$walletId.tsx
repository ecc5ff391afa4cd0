import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, LedgerCheck } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { linkClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.wallets.title")} · Admin` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const walletId = params.walletId ?? "";
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [wallet, ledger] = await Promise.all([
    orErrorResponse(context.trpc.admin.wallets.get({ walletId })),
    orErrorResponse(context.trpc.admin.wallets.ledger({ walletId, cursor })),
  ]);
  return json({ wallet, ledger });
}

export default function AdminWallet() {
  const t = useT();
  const locale = useLocale();
  const { wallet, ledger } = useLoaderData<typeof loader>();
  return (
    <AdminPage title={t("manage.wallets.detail", { name: wallet.username ?? `#${wallet.userId}` })}>
      <Link to="/admin/dompet" className={linkClass}>
        {t("manage.wallets.back")}
      </Link>
      <dl className="grid gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600 dark:text-slate-400">{t("manage.wallets.balance")}</dt>
          <dd className="text-lg font-semibold">{formatRupiah(wallet.balance, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">{t("manage.wallets.tokens")}</dt>
          <dd className="text-lg font-semibold">{formatNumber(wallet.tokenBalance, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">{t("manage.wallets.check")}</dt>
          <dd className="text-lg">
            <LedgerCheck matches={wallet.matches} pending={wallet.pendingEntries} />
          </dd>
        </div>
      </dl>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t("manage.wallets.ledgerSum", { rupiah: formatNumber(wallet.ledgerBalance, locale), tokens: formatNumber(wallet.ledgerTokenBalance, locale) })}
      </p>
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("manage.wallets.ledger")}</h2>
      {ledger.items.length === 0 ? (
        <EmptyState>{t("manage.wallets.noEntries")}</EmptyState>
      ) : (
        <AdminTable
          label={t("manage.wallets.ledger")}
          head={[t("manage.wallets.at"), t("manage.wallets.type"), t("manage.wallets.status"), t("manage.wallets.amount"), t("manage.wallets.tokens"), t("manage.wallets.description")]}
        >
          {ledger.items.map((entry) => (
            <tr key={entry.id}>
              <td className={cellClass}>{formatDateTime(entry.createdAt, locale)}</td>
              <td className={`${cellClass} font-mono text-xs`}>{entry.type}</td>
              <td className={cellClass}>{entry.status}</td>
              <td className={cellClass}>{formatNumber(entry.amount, locale)}</td>
              <td className={cellClass}>{formatNumber(entry.tokenAmount, locale)}</td>
              <td className="px-3 py-2">{entry.description}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <CursorPager nextCursor={ledger.nextCursor} moreLabel="manage.more" firstLabel="manage.first" />
    </AdminPage>
  );
}
