import * as m from "../../../shared/paraglide/messages/_index.js";
import { intlLocale, type Locale } from "../../../shared/locale.ts";
import type { NotificationType } from "./schemas.ts";

/**
 * What a notification says, in the member's language (the digest mail and push messages): the
 * same messages as the notifications page (app/routes/notifikasi.tsx).
 */
export function describeNotification(
  item: {
    type: NotificationType;
    actorName: string | null;
    othersCount: number;
    threadTitle: string | null;
    detail: Record<string, string | number>;
  },
  locale: Locale,
): string {
  const options = { locale };
  const number = (value: string | number | undefined) => Number(value ?? 0).toLocaleString(intlLocale[locale]);
  const who = item.actorName ?? m.notif_someone({}, options);
  const title = item.threadTitle ? `"${item.threadTitle}"` : m.notif_aThread({}, options);
  const { detail } = item;
  switch (item.type) {
    case "reply":
      if (detail.to === "reply") return m.notif_reply_toReply({ who, title }, options);
      if (detail.to === "thread") return m.notif_reply_toThread({ who, title }, options);
      return m.notif_reply_watching({ who, title }, options);
    case "mention":
      return m.notif_mention({ who, title }, options);
    case "reaction":
      return item.othersCount > 0
        ? m.notif_reactionGroup({ who, count: item.othersCount, title }, options)
        : m.notif_reaction({ who, title }, options);
    case "badge":
      return m.notif_badge({ badge: String(detail.badge ?? "") }, options);
    case "warning":
      return (detail.severity === "final" ? m.notif_warningFinal : m.notif_warning)({}, options);
    case "report":
      return (detail.outcome === "resolved" ? m.notif_reportResolved : m.notif_reportDismissed)({}, options);
    case "payment":
      return detail.kind === "package"
        ? m.notif_paymentPackage({ amount: number(detail.amount), tokens: detail.tokens ?? 0 }, options)
        : m.notif_paymentTopUp({ amount: number(detail.amount) }, options);
    case "low_balance":
      return m.notif_lowBalance({ balance: detail.balance ?? 0 }, options);
  }
}
