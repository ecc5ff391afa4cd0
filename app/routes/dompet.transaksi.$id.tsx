import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DetailList } from "~/components/detail-list.tsx";
import { linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { WalletStatusBadge } from "~/components/wallet-status-badge.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import { notFound, orErrorResponse } from "~/lib/loader.server.ts";
import { requireMember } from "~/lib/viewer.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("wallet.receiptTitle")} · ${translateDefault("site.name")}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireMember(context.trpc, request);
  if (!/^txn_[0-9A-HJKMNP-TV-Z]{26}$/.test(params.id ?? "")) throw notFound();
  return json({ entry: await orErrorResponse(context.trpc.wallet.transaction({ id: params.id! })) });
}

/** The receipt of one ledger entry: what changed, when, and the balances after it. */
export default function Receipt() {
  const t = useT();
  const locale = useLocale();
  const { entry } = useLoaderData<typeof loader>();
  const rows: [MessageKey, string][] = [
    ["wallet.receiptId", entry.id],
    ["wallet.receiptDate", formatDateTime(entry.createdAt, locale)],
    ["wallet.filterType", t(`wallet.type.${entry.type}` as MessageKey)],
    ["wallet.receiptAmount", formatRupiah(entry.amount, locale)],
    ["wallet.receiptTokens", formatNumber(entry.tokenAmount, locale)],
  ];
  if (entry.balanceAfter !== null) {
    rows.push([
      "wallet.receiptAfter",
      `${formatRupiah(entry.balanceAfter, locale)} · ${formatNumber(entry.tokenBalanceAfter ?? 0, locale)} ${t("wallet.tokens").toLowerCase()}`,
    ]);
  }
  if (entry.reference) rows.push(["wallet.receiptReference", entry.reference]);
  if (entry.testMoney) rows.push(["wallet.testMoney", t("wallet.receiptTestMoney")]);
  return (
    <article className="mx-auto max-w-lg space-y-4 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900" data-testid="receipt">
      <header className="flex items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-bold text-slate-900 dark:text-white">{t("wallet.receiptTitle")}</h1>
          <p className="text-slate-700 dark:text-slate-300">{entry.description}</p>
        </div>
        <WalletStatusBadge status={entry.status} label={t(`wallet.entry.${entry.status}` as MessageKey)} />
      </header>
      <DetailList rows={rows} />
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <button type="button" onClick={() => window.print()} className={secondaryButtonClass}>
          {t("wallet.receiptPrint")}
        </button>
        <Link to="/dompet" className={linkClass}>
          {t("wallet.backToWallet")}
        </Link>
      </div>
    </article>
  );
}
