import type { Locale } from "./i18n.ts";

/** Interface text of Web Push on this device (app/components/push-consent.tsx), spread into i18n.ts. */
export const pushMessages = {
  "push.heading": { id: "Notifikasi di perangkat ini", en: "Notifications on this device" },
  "push.intro": {
    id: "Terima pemberitahuan di ponsel atau komputer ini, juga saat aplikasinya tertutup.",
    en: "Get notified on this phone or computer, even when the app is closed.",
  },
  "push.enable": { id: "Izinkan notifikasi di perangkat ini", en: "Allow notifications on this device" },
  "push.disable": { id: "Matikan notifikasi di perangkat ini", en: "Turn off notifications on this device" },
  "push.checking": { id: "Memeriksa dukungan notifikasi…", en: "Checking notification support…" },
  "push.working": { id: "Memproses…", en: "Working…" },
  "push.on": { id: "Notifikasi aktif di perangkat ini.", en: "Notifications are on for this device." },
  "push.off": { id: "Notifikasi belum aktif di perangkat ini.", en: "Notifications are not on for this device yet." },
  "push.devices": { id: "Akunmu menerima notifikasi di {count} perangkat.", en: "Your account receives notifications on {count} device(s)." },
  "push.unsupported": {
    id: "Browser ini tidak mendukung notifikasi push. Di iPhone atau iPad, pasang dulu Alephdraad ke Layar Utama (Bagikan → Tambahkan ke Layar Utama), lalu buka dari sana.",
    en: "This browser does not support push notifications. On an iPhone or iPad, first add Alephdraad to the Home Screen (Share → Add to Home Screen) and open it from there.",
  },
  "push.denied": {
    id: "Notifikasi diblokir untuk situs ini. Izinkan lewat pengaturan situs di browsermu, lalu muat ulang halaman.",
    en: "Notifications are blocked for this site. Allow them in your browser's site settings, then reload the page.",
  },
  "push.dismissed": {
    id: "Izin notifikasi belum diberikan. Tekan tombolnya lagi bila ingin mengizinkan.",
    en: "Notification permission was not given. Press the button again to allow it.",
  },
  "push.failed": {
    id: "Browser tidak dapat mendaftar ke layanan notifikasinya. Periksa koneksi internet, lalu coba lagi.",
    en: "The browser could not register with its notification service. Check the internet connection and try again.",
  },
  "push.enabled": { id: "Notifikasi diaktifkan di perangkat ini.", en: "Notifications turned on for this device." },
  "push.disabled": { id: "Notifikasi dimatikan di perangkat ini.", en: "Notifications turned off for this device." },
} satisfies Record<string, Record<Locale, string>>;
