/**
 * Interface text of scoped, accountable access tokens (/pengaturan/token): the scopes a token is
 * given and what its list shows of its use. Spread into the messages of i18n.ts.
 */
export const scopeMessages = {
  "token.scopes": { id: "Izin", en: "Scopes" },
  "token.scopesHint": {
    id: "Pilih hanya yang dibutuhkan programmu. Di luar izinnya, token ditolak (403) dengan nama izin yang kurang.",
    en: "Pick only what your program needs. Outside its scopes a token is refused (403) naming the missing scope.",
  },
  "token.scopeList": { id: "Izin:", en: "Scopes:" },
  "token.lastIp": { id: "dari {ip}", en: "from {ip}" },
  "token.calls": { id: "{count} permintaan dalam 24 jam", en: "{count} requests in 24 hours" },
  "token.callsUnknown": { id: "Jumlah permintaan 24 jam tidak tersedia", en: "Requests in 24 hours unavailable" },
  "token.rateLimit": {
    id: "Setiap token dibatasi jumlah permintaannya; setiap jawaban memuat header RateLimit-Limit, RateLimit-Remaining dan RateLimit-Reset.",
    en: "Each token's requests are rate limited; every answer carries the RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers.",
  },

  "scope.read": { id: "Membaca forum dan data akun", en: "Read the forum and account data" },
  "scope.contentWrite": { id: "Menulis konten: thread, balasan, dokumen, laporan", en: "Write content: threads, replies, documents, reports" },
  "scope.reactionsWrite": { id: "Memberi reaksi", en: "React" },
  "scope.chat": { id: "Percakapan dengan Aleph", en: "Conversations with Aleph" },
  "scope.walletRead": { id: "Melihat dompet dan riwayatnya", en: "See the wallet and its history" },
  "scope.walletSpend": { id: "Membelanjakan saldo dompet (paket token, jawaban Aleph)", en: "Spend the wallet balance (token packages, Aleph's answers)" },
  "scope.payments": { id: "Membuat dan melihat pembayaran", en: "Create and see payments" },
} as const;
