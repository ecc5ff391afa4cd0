import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DetailList } from "~/components/detail-list.tsx";
import { AdminPage } from "~/components/admin-page.tsx";
import { linkClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatNumber, formatRupiah } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.payments.title")} · Admin` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return json({ order: await orErrorResponse(context.trpc.admin.payments.get({ orderId: params.orderId ?? "" })) });
}

export default function AdminPayment() {
  const t = useT();
  const locale = useLocale();
  const { order } = useLoaderData<typeof loader>();
  const when = (value: string | null) => (value ? formatDateTime(value, locale) : "—");
  const rows: [MessageKey, string][] = [
    ["manage.payments.member", order.username ?? `#${order.userId}`],
    ["manage.payments.kind", order.packageId ? `${order.kind} (${order.packageId})` : order.kind],
    ["manage.payments.amount", formatRupiah(order.grossAmount, locale)],
    ["manage.payments.tokens", formatNumber(order.tokenAmount, locale)],
    ["manage.payments.status", order.status],
    ["manage.payments.gateway", order.gateway],
    ["manage.payments.gatewayStatus", order.gatewayStatus ?? "—"],
    ["manage.payments.gatewayId", order.gatewayTransactionId ?? "—"],
    ["manage.payments.notifications", String(order.notificationCount)],
    ["manage.payments.created", when(order.createdAt)],
    ["manage.payments.paid", when(order.paidAt)],
    ["manage.payments.credited", when(order.creditedAt)],
    ["manage.payments.expires", when(order.expiresAt)],
  ];
  return (
    <AdminPage title={`${t("manage.payments.order")} ${order.orderId}`}>
      <Link to="/admin/pembayaran" className={linkClass}>
        {t("manage.payments.back")}
      </Link>
      <DetailList rows={rows} />
    </AdminPage>
  );
}
