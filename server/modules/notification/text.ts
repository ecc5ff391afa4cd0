import type { NotificationType } from "./schemas.ts";

/** What a notification says, in Indonesian (the digest mail and push messages). */
export function describeNotification(item: {
  type: NotificationType;
  actorName: string | null;
  othersCount: number;
  threadTitle: string | null;
  detail: Record<string, string | number>;
}): string {
  const who = item.actorName ?? "Seseorang";
  const title = item.threadTitle ? `"${item.threadTitle}"` : "sebuah thread";
  const { detail } = item;
  switch (item.type) {
    case "reply":
      if (detail.to === "reply") return `${who} membalas balasanmu di ${title}`;
      if (detail.to === "thread") return `${who} membalas thread-mu ${title}`;
      return `${who} membalas di ${title} yang kamu ikuti`;
    case "mention":
      return `${who} menyebutmu di ${title}`;
    case "reaction":
      return item.othersCount > 0
        ? `${who} dan ${item.othersCount} lainnya menanggapi thread-mu ${title}`
        : `${who} menanggapi thread-mu ${title}`;
    case "badge":
      return `Kamu mendapat lencana "${detail.badge}"`;
    case "warning":
      return detail.severity === "final" ? "Kamu menerima peringatan terakhir dari moderator" : "Kamu menerima peringatan dari moderator";
    case "report":
      return detail.outcome === "resolved"
        ? "Laporanmu sudah ditangani: moderator mengambil tindakan"
        : "Laporanmu sudah ditinjau: moderator tidak menemukan pelanggaran";
    case "payment":
      return detail.kind === "package"
        ? `Pembayaran Rp ${Number(detail.amount).toLocaleString("id-ID")} diterima: ${detail.tokens} token masuk ke dompetmu`
        : `Top up Rp ${Number(detail.amount).toLocaleString("id-ID")} diterima`;
    case "low_balance":
      return `Token-mu tinggal ${detail.balance}. Beli paket token di Dompet agar bisa terus bertanya ke Aleph`;
  }
}
