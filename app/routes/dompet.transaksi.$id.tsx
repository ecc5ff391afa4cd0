import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DetailList } from "~/components/detail-list.tsx";
import { linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { WalletStatusBadge } from "~/components/wallet-status-badge.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, pickMessage, useLocale } from "~/lib/locale.ts";
import { notFound, orErrorResponse } from "~/lib/loader.server.ts";
import { requireMember } from "~/lib/viewer.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.wallet_receiptTitle()} · ${m.site_name()}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireMember(context.trpc, request);
  if (!/^txn_[0-9A-HJKMNP-TV-Z]{26}$/.test(params.id ?? "")) throw notFound();
  return json({ entry: await orErrorResponse(context.trpc.wallet.transaction({ id: params.id! })) });
}

/** The receipt of one ledger entry: what changed, when, and the balances after it. */
export default function Receipt() {
  const locale = useLocale();
  const { entry } = useLoaderData<typeof loader>();
  const rows: [Message, string][] = [
    [m.wallet_receiptId, entry.id],
    [m.wallet_receiptDate, formatDateTime(entry.createdAt, locale)],
    [m.wallet_filterType, pickMessage({ welcome_grant: m.wallet_type_welcome_grant, topup: m.wallet_type_topup, token_purchase: m.wallet_type_token_purchase, chat_usage: m.wallet_type_chat_usage, refund: m.wallet_type_refund, adjustment: m.wallet_type_adjustment }, entry.type)()],
    [m.wallet_receiptAmount, formatRupiah(entry.amount, locale)],
    [m.wallet_receiptTokens, formatNumber(entry.tokenAmount, locale)],
  ];
  if (entry.balanceAfter !== null) {
    rows.push([
      m.wallet_receiptAfter,
      `${formatRupiah(entry.balanceAfter, locale)} · ${formatNumber(entry.tokenBalanceAfter ?? 0, locale)} ${m.wallet_tokens().toLowerCase()}`,
    ]);
  }
  if (entry.reference) rows.push([m.wallet_receiptReference, entry.reference]);
  if (entry.testMoney) rows.push([m.wallet_testMoney, m.wallet_receiptTestMoney()]);
  return (
    <article className="mx-auto max-w-lg space-y-4 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900" data-testid="receipt">
      <header className="flex items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-bold text-slate-900 dark:text-white">{m.wallet_receiptTitle()}</h1>
          <p className="text-slate-700 dark:text-slate-300">{entry.description}</p>
        </div>
        <WalletStatusBadge status={entry.status} label={pickMessage({ pending: m.wallet_entry_pending, applied: m.wallet_entry_applied, cancelled: m.wallet_entry_cancelled }, entry.status)()} />
      </header>
      <DetailList rows={rows} />
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <button type="button" onClick={() => window.print()} className={secondaryButtonClass}>
          {m.wallet_receiptPrint()}
        </button>
        <Link to="/dompet" className={linkClass}>
          {m.wallet_backToWallet()}
        </Link>
      </div>
    </article>
  );
}
