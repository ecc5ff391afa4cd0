import type { Locale } from "./i18n.ts";

/** Interface text of offline writing (the outbox notice and the composers), spread into i18n.ts. */
export const offlineMessages = {
  "outbox.queuedHere": {
    id: "Kamu sedang luring. Tulisanmu disimpan di perangkat ini dan dikirim otomatis saat koneksi kembali.",
    en: "You are offline. What you wrote is kept on this device and sent automatically when the connection returns.",
  },
  "outbox.heading": { id: "Tulisan luring", en: "Offline writing" },
  "outbox.pendingReply": { id: "Balasan di “{title}” menunggu koneksi.", en: "Your reply in “{title}” is waiting for a connection." },
  "outbox.pendingThread": { id: "Thread “{title}” menunggu koneksi.", en: "Your thread “{title}” is waiting for a connection." },
  "outbox.sentReply": { id: "Balasan di “{title}” sudah terkirim.", en: "Your reply in “{title}” was sent." },
  "outbox.sentThread": { id: "Thread “{title}” sudah terkirim.", en: "Your thread “{title}” was sent." },
  "outbox.view": { id: "Lihat", en: "View" },
  "outbox.notSent": { id: "Tidak terkirim: “{title}”", en: "Not sent: “{title}”" },
  "outbox.gone": {
    id: "Thread ini sudah dihapus atau disembunyikan sejak kamu menulis.",
    en: "This thread was deleted or hidden since you wrote.",
  },
  "outbox.signedOut": {
    id: "Kamu tidak lagi masuk. Masuk lagi lalu kirim ulang, atau salin tulisanmu.",
    en: "You are no longer signed in. Sign in again and resend, or copy what you wrote.",
  },
  "outbox.otherMember": {
    id: "Yang sedang masuk di perangkat ini akun lain. Masuk sebagai penulisnya lalu kirim ulang, atau salin tulisannya.",
    en: "Another account is signed in on this device. Sign in as its writer and resend, or copy the text.",
  },
  "outbox.refused": { id: "Server menolaknya: {message}", en: "The server refused it: {message}" },
  "outbox.text": { id: "Tulisanmu", en: "What you wrote" },
  "outbox.resend": { id: "Kirim ulang", en: "Resend" },
  "outbox.dismiss": { id: "Tutup", en: "Dismiss" },
} satisfies Record<string, Record<Locale, string>>;
