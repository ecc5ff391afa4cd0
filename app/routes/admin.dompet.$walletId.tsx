import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, LedgerCheck } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { linkClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_wallets_title()} · Admin` }];

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
  const locale = useLocale();
  const { wallet, ledger } = useLoaderData<typeof loader>();
  return (
    <AdminPage title={m.manage_wallets_detail({ name: wallet.username ?? `#${wallet.userId}` })}>
      <Link to="/admin/dompet" className={linkClass}>
        {m.manage_wallets_back()}
      </Link>
      <dl className="grid gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600 dark:text-slate-400">{m.manage_wallets_balance()}</dt>
          <dd className="text-lg font-semibold">{formatRupiah(wallet.balance, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">{m.manage_wallets_tokens()}</dt>
          <dd className="text-lg font-semibold">{formatNumber(wallet.tokenBalance, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">{m.manage_wallets_check()}</dt>
          <dd className="text-lg">
            <LedgerCheck matches={wallet.matches} pending={wallet.pendingEntries} />
          </dd>
        </div>
      </dl>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {m.manage_wallets_ledgerSum({ rupiah: formatNumber(wallet.ledgerBalance, locale), tokens: formatNumber(wallet.ledgerTokenBalance, locale) })}
      </p>
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{m.manage_wallets_ledger()}</h2>
      {ledger.items.length === 0 ? (
        <EmptyState>{m.manage_wallets_noEntries()}</EmptyState>
      ) : (
        <AdminTable
          label={m.manage_wallets_ledger()}
          head={[m.manage_wallets_at(), m.manage_wallets_type(), m.manage_wallets_status(), m.manage_wallets_amount(), m.manage_wallets_tokens(), m.manage_wallets_description()]}
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
      <CursorPager nextCursor={ledger.nextCursor} moreLabel={m.manage_more} firstLabel={m.manage_first} />
    </AdminPage>
  );
}
