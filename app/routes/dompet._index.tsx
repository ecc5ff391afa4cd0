import { json, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, inputClass, linkClass, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { WalletStatusBadge } from "~/components/wallet-status-badge.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { requireMember } from "~/lib/viewer.server.ts";

export const meta: MetaFunction = () => [{ title: m.wallet_metaTitle() }];

const TYPES = ["welcome_grant", "topup", "token_purchase", "chat_usage", "refund", "adjustment"] as const;
const DIRECTIONS = ["in", "out"] as const;
const oneOf = <T extends string>(values: readonly T[], value: string | null) =>
  values.includes(value as T) ? (value as T) : undefined;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMember(context.trpc, request);
  const params = new URL(request.url).searchParams;
  const type = oneOf(TYPES, params.get("jenis"));
  const direction = oneOf(DIRECTIONS, params.get("arah"));
  const cursor = params.get("cursor") ?? undefined;
  const returnedOrderId = params.get("pesanan");
  const wallet = await context.trpc.wallet.get();
  const [packages, history, orders, returnedOrder, payments] = await Promise.all([
    context.trpc.wallet.packages(),
    orErrorResponse(context.trpc.wallet.history({ type, direction, cursor, limit: 10 })),
    context.trpc.payment.list({ limit: 10 }),
    // Someone else's or a malformed id shows nothing, like an unknown one.
    returnedOrderId ? context.trpc.payment.get({ orderId: returnedOrderId }).catch(() => null) : null,
    context.trpc.payment.availability(),
  ]);
  // Made per page view, so a resubmitted purchase form buys once.
  const requestKey = crypto.randomUUID();
  return json({ wallet, packages, history, orders, returnedOrder, payments, filters: { type, direction }, requestKey });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireMember(context.trpc, request);
  const fields = formFields(await request.formData(), ["intent", "packageId", "requestKey", "amount"]);
  if (fields.intent === "buy-balance") {
    const result = await submitForm(context.trpc.wallet.buyPackage({ packageId: fields.packageId, requestKey: fields.requestKey }), "packages");
    if (!result.ok) return result.response;
    const bought = await context.trpc.wallet.transaction({ id: result.data.transactionId });
    return json({ bought: { description: bought.description, tokens: bought.tokenAmount } });
  }
  const order = await submitForm(
    fields.intent === "topup"
      ? context.trpc.payment.create({ kind: "topup", amount: Number(fields.amount.replace(/[.\s]/g, "")) || 0 })
      : context.trpc.payment.create({ kind: "package", packageId: fields.packageId }),
    fields.intent === "topup" ? "topup" : "packages",
  );
  if (!order.ok) return order.response;
  // The payment page is another site (or the sandbox gateway): a full page load, not a Remix route.
  return redirectDocument(order.data.redirectUrl ?? "/dompet");
}

const noticeClass =
  "rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-100";
const testMoneyClass = "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-500/15 dark:text-amber-200";
const cardClass = "rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

/** One titled part of the page; `className` replaces the default spacing. */
function WalletSection({ id, title, className = "space-y-3", children }: { id: string; title: string; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-lg font-semibold text-slate-900 dark:text-white">
        {title}
      </h2>
      {children}
    </section>
  );
}

function signed(value: number, format: (amount: number) => string) {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${format(Math.abs(value))}`;
}

export default function WalletPage() {
  const locale = useLocale();
  const { wallet, packages, history, orders, returnedOrder, payments, filters, requestKey } = useLoaderData<typeof loader>();
  const paymentsOff = payments.gateway === "off";
  const outcome = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const failure = failureOf(outcome);
  const bought = outcome && "bought" in outcome ? outcome.bought : null;
  const rupiah = (amount: number) => formatRupiah(amount, locale);
  const number = (amount: number) => formatNumber(amount, locale);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.wallet_title()}</h1>

      {returnedOrder && (
        <FormAlert tone={returnedOrder.status === "success" ? "success" : "error"}>
          <span data-testid="payment-return">
            {pickMessage({ pending: m.wallet_returned_pending, success: m.wallet_returned_success, failed: m.wallet_returned_failed, expired: m.wallet_returned_expired }, returnedOrder.status)({ order: returnedOrder.orderId })}
          </span>
        </FormAlert>
      )}
      {paymentsOff && (
        <div role="status" className={noticeClass} data-testid="payments-off">
          {m.wallet_paymentsOff()}
        </div>
      )}
      {payments.testMoney && (
        <div role="note" className={noticeClass} data-testid="sandbox-notice">
          {m.wallet_sandboxNotice()}
        </div>
      )}
      {bought && (
        <FormAlert tone="success">{m.wallet_bought({ name: bought.description, count: formatNumber(bought.tokens, locale) })}</FormAlert>
      )}

      <section aria-labelledby="balances" className="grid gap-4 sm:grid-cols-2">
        <h2 id="balances" className="sr-only">
          {m.wallet_title()}
        </h2>
        <div className={cardClass}>
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.wallet_balance()}</p>
          <p className="text-2xl font-bold text-slate-900 dark:text-white" data-testid="wallet-balance">
            {rupiah(wallet.balance)}
          </p>
        </div>
        <div className={cardClass}>
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.wallet_tokens()}</p>
          <p className="text-2xl font-bold text-slate-900 dark:text-white" data-testid="wallet-tokens">
            {formatNumber(wallet.tokenBalance, locale)}
          </p>
          {wallet.reservedTokens > 0 && (
            <p className="text-sm text-slate-600 dark:text-slate-400">{m.wallet_reserved({ count: formatNumber(wallet.reservedTokens, locale) })}</p>
          )}
        </div>
      </section>

      <WalletSection id="packages" title={m.wallet_packages()}>
        {failure?.form === "packages" && <FailureAlert failure={failure} />}
        <ul className="grid gap-4 sm:grid-cols-3">
          {packages.map((tokenPackage) => (
            <li key={tokenPackage.id} className={`${cardClass} flex flex-col gap-3`} data-testid={`package-${tokenPackage.id}`}>
              <div>
                <h3 className="font-semibold text-slate-900 dark:text-white">{tokenPackage.name}</h3>
                <p className="text-xl font-bold text-brand-700 dark:text-brand-300">{rupiah(tokenPackage.price)}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{m.wallet_packageTokens({ count: formatNumber(tokenPackage.tokens, locale) })}</p>
              </div>
              <Form method="post" className="mt-auto flex flex-col gap-2">
                <input type="hidden" name="packageId" value={tokenPackage.id} />
                <input type="hidden" name="requestKey" value={requestKey} />
                <button type="submit" name="intent" value="buy-balance" className={secondaryButtonClass} disabled={wallet.balance < tokenPackage.price}>
                  {m.wallet_payWithBalance()}
                </button>
                <button type="submit" name="intent" value="buy-direct" className={secondaryButtonClass} disabled={paymentsOff}>
                  {m.wallet_payDirect()}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </WalletSection>

      <WalletSection id="topup" title={m.wallet_topup()} className={`${cardClass} space-y-3`}>
        {failure?.form === "topup" && <FailureAlert failure={failure} />}
        {paymentsOff ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.wallet_paymentsOff()}</p>
        ) : (
          <Form method="post" className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <div className="flex-1">
              <TextField
                name="amount"
                label={m.wallet_topupAmount()}
                hint={m.wallet_topupHint()}
                inputMode="numeric"
                pattern="[0-9.]*"
                defaultValue="100000"
                errors={failure?.form === "topup" ? (failure.fieldErrors as { amount?: string[] }).amount : undefined}
              />
            </div>
            <SubmitButton intent="topup">{m.wallet_topupSubmit()}</SubmitButton>
          </Form>
        )}
      </WalletSection>

      <WalletSection id="orders" title={m.wallet_orders()}>
        {orders.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.wallet_noOrders()}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {orders.items.map((order) => (
              <li key={order.orderId} className="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:justify-between" data-testid="payment-order">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900 dark:text-white">
                    {order.kind === "topup"
                      ? m.wallet_orderTopup({ amount: rupiah(order.grossAmount) })
                      : m.wallet_orderPackage({
                          name: packages.find((p) => p.id === order.packageId)?.name ?? order.packageId ?? "",
                          amount: rupiah(order.grossAmount),
                        })}
                  </p>
                  <p className="break-all text-xs text-slate-500 dark:text-slate-400">
                    {order.orderId} · {formatDateTime(order.createdAt, locale)}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <WalletStatusBadge status={order.status} label={pickMessage({ pending: m.wallet_status_pending, success: m.wallet_status_success, failed: m.wallet_status_failed, expired: m.wallet_status_expired }, order.status)()} />
                  {order.redirectUrl && (
                    <a href={order.redirectUrl} className={linkClass}>
                      {m.wallet_continuePayment()}
                    </a>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </WalletSection>

      <WalletSection id="history" title={m.wallet_history()}>
        <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-end">
          {searchParams.get("pesanan") && <input type="hidden" name="pesanan" value={searchParams.get("pesanan")!} />}
          <label className="flex-1 space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
            <span>{m.wallet_filterType()}</span>
            <select name="jenis" defaultValue={filters.type ?? ""} className={inputClass}>
              <option value="">{m.wallet_filterAll()}</option>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {pickMessage({ welcome_grant: m.wallet_type_welcome_grant, topup: m.wallet_type_topup, token_purchase: m.wallet_type_token_purchase, chat_usage: m.wallet_type_chat_usage, refund: m.wallet_type_refund, adjustment: m.wallet_type_adjustment }, type)()}
                </option>
              ))}
            </select>
          </label>
          <label className="flex-1 space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
            <span>{m.wallet_filterDirection()}</span>
            <select name="arah" defaultValue={filters.direction ?? ""} className={inputClass}>
              <option value="">{m.wallet_filterAll()}</option>
              <option value="in">{m.wallet_filterIn()}</option>
              <option value="out">{m.wallet_filterOut()}</option>
            </select>
          </label>
          <button type="submit" className={secondaryButtonClass}>
            {m.wallet_filterApply()}
          </button>
        </Form>
        {history.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.wallet_noHistory()}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="wallet-history">
            {history.items.map((entry) => (
              <li key={entry.id} className="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:justify-between" data-testid="ledger-entry">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900 dark:text-white">
                    {entry.description}
                    {entry.testMoney && (
                      <span className={`ml-2 ${testMoneyClass}`} data-testid="test-money">
                        {m.wallet_testMoney()}
                      </span>
                    )}
                  </p>
                  <p className="text-xs text-slate-500 dark:text-slate-400">
                    {pickMessage({ welcome_grant: m.wallet_type_welcome_grant, topup: m.wallet_type_topup, token_purchase: m.wallet_type_token_purchase, chat_usage: m.wallet_type_chat_usage, refund: m.wallet_type_refund, adjustment: m.wallet_type_adjustment }, entry.type)()} · {formatDateTime(entry.createdAt, locale)} ·{" "}
                    {pickMessage({ pending: m.wallet_entry_pending, applied: m.wallet_entry_applied, cancelled: m.wallet_entry_cancelled }, entry.status)()}
                  </p>
                </div>
                <div className="flex items-center gap-3 text-sm">
                  {entry.amount !== 0 && <span className="font-medium">{signed(entry.amount, rupiah)}</span>}
                  {entry.tokenAmount !== 0 && (
                    <span className="font-medium">{`${signed(entry.tokenAmount, number)} ${m.wallet_tokens().toLowerCase()}`}</span>
                  )}
                  <Link to={`/dompet/transaksi/${entry.id}`} className={linkClass}>
                    {m.wallet_receipt()}
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
        <CursorPager nextCursor={history.nextCursor} moreLabel={m.wallet_nextPage} firstLabel={m.wallet_firstPage} />
      </WalletSection>
    </div>
  );
}
