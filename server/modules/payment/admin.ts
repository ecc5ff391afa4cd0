import { z } from "zod";
import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { cursorInput, newestFirstPosition, newestFirstPositionOf, newestFirstSort, olderThan, pageLimit, toPage, type Page } from "../pagination.ts";
import { usernamesOf } from "../user/directory.ts";
import { PAYMENT_GATEWAYS, PAYMENT_ORDER_STATUSES, PaymentOrderModel, type PaymentOrderStatus } from "./payment-order.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/* Payment orders as staff see them (admin.payments.*): read-only; nothing here changes money. */

export const paymentListInput = z.object({
  status: z.enum(PAYMENT_ORDER_STATUSES).optional(),
  gateway: z.enum(PAYMENT_GATEWAYS).optional(),
  cursor: cursorInput(newestFirstPosition).optional(),
  limit: pageLimit,
});

export const paymentOrderId = z.object({ orderId: z.string().regex(/^[A-Za-z0-9_.~-]{1,50}$/, { error: () => m.input_payment_orderIdInvalid() }) });

export interface AdminPaymentOrder {
  orderId: string;
  userId: number;
  username: string | null;
  kind: "topup" | "package";
  packageId: string | null;
  grossAmount: number;
  tokenAmount: number;
  status: PaymentOrderStatus;
  gateway: (typeof PAYMENT_GATEWAYS)[number];
  gatewayStatus: string | null;
  gatewayTransactionId: string | null;
  notificationCount: number;
  createdAt: Date;
  paidAt: Date | null;
  creditedAt: Date | null;
  expiresAt: Date;
}

type OrderRow = Omit<AdminPaymentOrder, "username" | "packageId" | "gatewayStatus" | "gatewayTransactionId" | "paidAt" | "creditedAt"> & {
  _id: string;
  packageId?: string | null;
  gatewayStatus?: string | null;
  gatewayTransactionId?: string | null;
  paidAt?: Date | null;
  creditedAt?: Date | null;
};

// The Snap token and payment page address are the member's to pay with: never shown to staff.
const fields = {
  orderId: 1, userId: 1, kind: 1, packageId: 1, grossAmount: 1, tokenAmount: 1, status: 1, gateway: 1, gatewayStatus: 1,
  gatewayTransactionId: 1, notificationCount: 1, createdAt: 1, paidAt: 1, creditedAt: 1, expiresAt: 1,
} as const;

function toAdminView(row: OrderRow, usernames: Map<number, string>): AdminPaymentOrder {
  return {
    orderId: row.orderId,
    userId: row.userId,
    username: usernames.get(row.userId) ?? null,
    kind: row.kind,
    packageId: row.packageId ?? null,
    grossAmount: row.grossAmount,
    tokenAmount: row.tokenAmount,
    status: row.status,
    gateway: row.gateway,
    gatewayStatus: row.gatewayStatus ?? null,
    gatewayTransactionId: row.gatewayTransactionId ?? null,
    notificationCount: row.notificationCount,
    createdAt: row.createdAt,
    paidAt: row.paidAt ?? null,
    creditedAt: row.creditedAt ?? null,
    expiresAt: row.expiresAt,
  };
}

/** Every member's payment orders, newest first, filterable by status and gateway. */
export async function listOrdersForAdmin({ prisma }: { prisma: Prisma }, input: z.output<typeof paymentListInput>): Promise<Page<AdminPaymentOrder>> {
  const conditions: object[] = [];
  if (input.status) conditions.push({ status: input.status });
  if (input.gateway) conditions.push({ gateway: input.gateway });
  if (input.cursor) conditions.push(olderThan(input.cursor));
  const rows = (await PaymentOrderModel.find(conditions.length ? { $and: conditions } : {}, fields)
    .sort(newestFirstSort)
    .limit(input.limit + 1)
    .lean()) as OrderRow[];
  const usernames = await usernamesOf({ prisma }, rows.map((row) => row.userId));
  return toPage(rows, input.limit, (row) => toAdminView(row, usernames), newestFirstPositionOf);
}

/** One order, whoever made it; NotFoundError when there is none. */
export async function getOrderForAdmin({ prisma }: { prisma: Prisma }, orderId: string): Promise<AdminPaymentOrder> {
  const row = (await PaymentOrderModel.findOne({ orderId }, fields).lean()) as OrderRow | null;
  if (!row) throw new NotFoundError(m.error_payment_orderNotFound());
  return toAdminView(row, await usernamesOf({ prisma }, [row.userId]));
}

/** Orders paid since `since` (status success), per day of payment as `dayOf` names days: how many, and their rupiah. */
export async function settledPaymentsByDay(since: Date, dayOf: (at: Date) => string): Promise<Map<string, { count: number; rupiah: number }>> {
  const days = new Map<string, { count: number; rupiah: number }>();
  const paid = PaymentOrderModel.find({ status: "success", paidAt: { $gte: since } }, { paidAt: 1, grossAmount: 1 }).lean().cursor();
  for await (const order of paid) {
    const day = dayOf(order.paidAt!);
    const sum = days.get(day) ?? { count: 0, rupiah: 0 };
    days.set(day, { count: sum.count + 1, rupiah: sum.rupiah + order.grossAmount });
  }
  return days;
}
