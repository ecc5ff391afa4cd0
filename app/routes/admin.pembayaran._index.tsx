import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, selectClass } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatRupiah } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_payments_title()} · Admin` }];

const STATUSES = ["pending", "success", "failed", "expired"] as const;
const GATEWAYS = ["sandbox", "midtrans"] as const;
const oneOf = <T extends string>(values: readonly T[], value: string | null) => (values.includes(value as T) ? (value as T) : undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const status = oneOf(STATUSES, params.get("status"));
  const gateway = oneOf(GATEWAYS, params.get("gateway"));
  const orders = await orErrorResponse(context.trpc.admin.payments.list({ status, gateway, cursor: params.get("cursor") ?? undefined }));
  return json({ orders, status, gateway });
}

export default function AdminPayments() {
  const locale = useLocale();
  const { orders, status, gateway } = useLoaderData<typeof loader>();
  return (
    <AdminPage title={m.manage_payments_title()} intro={m.manage_payments_intro()}>
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <label className="space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span className="block">{m.manage_payments_status()}</span>
          <select name="status" defaultValue={status ?? ""} className={selectClass}>
            <option value="">{m.manage_payments_any()}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span className="block">{m.manage_payments_gateway()}</span>
          <select name="gateway" defaultValue={gateway ?? ""} className={selectClass}>
            <option value="">{m.manage_payments_any()}</option>
            {GATEWAYS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={secondaryButtonClass}>
          {m.manage_payments_apply()}
        </button>
      </Form>
      {orders.items.length === 0 ? (
        <EmptyState>{m.manage_payments_empty()}</EmptyState>
      ) : (
        <AdminTable
          label={m.manage_payments_title()}
          head={[m.manage_payments_order(), m.manage_payments_member(), m.manage_payments_kind(), m.manage_payments_amount(), m.manage_payments_status(), m.manage_payments_gateway(), m.manage_payments_created()]}
        >
          {orders.items.map((order) => (
            <tr key={order.orderId}>
              <td className={`${cellClass} font-mono text-xs`}>
                <Link to={`/admin/pembayaran/${encodeURIComponent(order.orderId)}`} className={linkClass}>
                  {order.orderId}
                </Link>
              </td>
              <td className={cellClass}>{order.username ?? `#${order.userId}`}</td>
              <td className={cellClass}>{order.kind}</td>
              <td className={cellClass}>{formatRupiah(order.grossAmount, locale)}</td>
              <td className={cellClass}>{order.status}</td>
              <td className={cellClass}>{order.gateway}</td>
              <td className={cellClass}>{formatDateTime(order.createdAt, locale)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <CursorPager nextCursor={orders.nextCursor} moreLabel={m.manage_more} firstLabel={m.manage_first} />
    </AdminPage>
  );
}
