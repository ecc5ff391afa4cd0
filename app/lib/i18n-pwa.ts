import type { Locale } from "./i18n.ts";

/** Interface text of the installable app (manifest, update prompt, offline page), spread into i18n.ts. */
export const pwaMessages = {
  "pwa.description": {
    id: "Forum developer Indonesia: thread, diskusi, dan Aleph, asisten AI.",
    en: "The Indonesian developer forum: threads, discussions and Aleph, the AI assistant.",
  },
  "pwa.screenshotNarrow": { id: "Daftar thread di ponsel", en: "The thread list on a phone" },
  "pwa.screenshotWide": { id: "Daftar thread di layar lebar", en: "The thread list on a wide screen" },
  "pwa.updateReady": { id: "Versi baru tersedia.", en: "A new version is available." },
  "pwa.reload": { id: "Muat ulang", en: "Reload" },
  "pwa.reloading": { id: "Memuat ulang…", en: "Reloading…" },

  "offline.title": { id: "Sedang luring", en: "Offline" },
  "offline.heading": { id: "Kamu sedang luring", en: "You are offline" },
  "offline.notKept": {
    id: "Halaman {path} belum tersimpan di perangkat ini, jadi belum bisa dibuka tanpa koneksi.",
    en: "The page {path} is not kept on this device, so it cannot open without a connection.",
  },
  "offline.intro": {
    id: "Beranda dan {count} thread terakhir yang kamu buka tetap bisa dibaca tanpa koneksi, dengan balasan seperti saat terakhir dibuka.",
    en: "The home page and the last {count} threads you opened stay readable without a connection, with their replies as they were when last opened.",
  },
  "offline.available": { id: "Tersedia luring", en: "Available offline" },
  "offline.checking": { id: "Memeriksa halaman tersimpan…", en: "Checking the kept pages…" },
  "offline.none": {
    id: "Belum ada halaman yang tersimpan. Buka beranda atau sebuah thread saat daring, lalu halaman itu tersedia di sini.",
    en: "No page is kept yet. Open the home page or a thread while online and it will be available here.",
  },
  "offline.unsupported": { id: "Browser ini tidak menyimpan halaman untuk dibaca luring.", en: "This browser does not keep pages to read offline." },
  "offline.retry": { id: "Coba lagi", en: "Try again" },
} satisfies Record<string, Record<Locale, string>>;
