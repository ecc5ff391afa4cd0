import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DetailList } from "~/components/detail-list.tsx";
import { AdminPage } from "~/components/admin-page.tsx";
import { linkClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_payments_title()} · Admin` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return json({ order: await orErrorResponse(context.trpc.admin.payments.get({ orderId: params.orderId ?? "" })) });
}

export default function AdminPayment() {
  const locale = useLocale();
  const { order } = useLoaderData<typeof loader>();
  const when = (value: string | null) => (value ? formatDateTime(value, locale) : "—");
  const rows: [Message, string][] = [
    [m.manage_payments_member, order.username ?? `#${order.userId}`],
    [m.manage_payments_kind, order.packageId ? `${order.kind} (${order.packageId})` : order.kind],
    [m.manage_payments_amount, formatRupiah(order.grossAmount, locale)],
    [m.manage_payments_tokens, formatNumber(order.tokenAmount, locale)],
    [m.manage_payments_status, order.status],
    [m.manage_payments_gateway, order.gateway],
    [m.manage_payments_gatewayStatus, order.gatewayStatus ?? "—"],
    [m.manage_payments_gatewayId, order.gatewayTransactionId ?? "—"],
    [m.manage_payments_notifications, String(order.notificationCount)],
    [m.manage_payments_created, when(order.createdAt)],
    [m.manage_payments_paid, when(order.paidAt)],
    [m.manage_payments_credited, when(order.creditedAt)],
    [m.manage_payments_expires, when(order.expiresAt)],
  ];
  return (
    <AdminPage title={`${m.manage_payments_order()} ${order.orderId}`}>
      <Link to="/admin/pembayaran" className={linkClass}>
        {m.manage_payments_back()}
      </Link>
      <DetailList rows={rows} />
    </AdminPage>
  );
}
