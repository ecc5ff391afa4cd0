import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, LedgerCheck } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { inputClass, linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatNumber, formatRupiah } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_wallets_title()} · Admin` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const username = (params.get("username") ?? "").slice(0, 64);
  const wallets = await orErrorResponse(context.trpc.admin.wallets.list({ username, cursor: params.get("cursor") ?? undefined }));
  return json({ wallets, username });
}

export default function AdminWallets() {
  const locale = useLocale();
  const { wallets, username } = useLoaderData<typeof loader>();
  return (
    <AdminPage title={m.manage_wallets_title()} intro={m.manage_wallets_intro()}>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <label className="min-w-56 flex-1 space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{m.manage_wallets_search()}</span>
          <input name="username" type="search" defaultValue={username} maxLength={64} className={inputClass} autoCapitalize="none" spellCheck={false} />
        </label>
        <button type="submit" className={secondaryButtonClass}>
          {m.manage_members_apply()}
        </button>
      </Form>
      {wallets.items.length === 0 ? (
        <EmptyState>{m.manage_wallets_empty()}</EmptyState>
      ) : (
        <AdminTable label={m.manage_wallets_title()} head={[m.manage_wallets_member(), m.manage_wallets_balance(), m.manage_wallets_tokens(), m.manage_wallets_check()]}>
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
      <CursorPager nextCursor={wallets.nextCursor} moreLabel={m.manage_more} firstLabel={m.manage_first} />
    </AdminPage>
  );
}
