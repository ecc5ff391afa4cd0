import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatNumber } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("admin.ledgerTitle")} · ${translateDefault("site.name")}` }];

/** Admins only (the procedure answers 403 to anyone else): wallets whose balances differ from their ledger. */
export async function loader({ context }: LoaderFunctionArgs) {
  return json({ mismatches: await orErrorResponse(context.trpc.admin.wallets.mismatches()) });
}

const COLUMNS: MessageKey[] = [
  "admin.ledgerWallet",
  "admin.ledgerUser",
  "admin.ledgerBalance",
  "admin.ledgerSum",
  "admin.ledgerTokens",
  "admin.ledgerTokenSum",
  "admin.ledgerPending",
];

export default function LedgerReport() {
  const t = useT();
  const locale = useLocale();
  const { mismatches } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("admin.ledgerTitle")}</h1>
      {mismatches.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">{t("admin.ledgerAllMatch")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <thead>
              <tr>
                {COLUMNS.map((heading) => (
                  <th key={heading} scope="col" className="px-2 py-1 font-semibold">
                    {t(heading)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {mismatches.map((row) => (
                <tr key={row.walletId} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="px-2 py-1 font-mono text-xs">{row.walletId}</td>
                  <td className="px-2 py-1">{row.userId}</td>
                  <td className="px-2 py-1">{formatNumber(row.balance, locale)}</td>
                  <td className="px-2 py-1">{formatNumber(row.ledgerBalance, locale)}</td>
                  <td className="px-2 py-1">{formatNumber(row.tokenBalance, locale)}</td>
                  <td className="px-2 py-1">{formatNumber(row.ledgerTokenBalance, locale)}</td>
                  <td className="px-2 py-1">{row.pendingEntries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
