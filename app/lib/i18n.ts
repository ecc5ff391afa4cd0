import { getLocale } from "../../shared/paraglide/runtime.js";
import { DEFAULT_LOCALE, LOCALES, intlLocale, useLocale, type Locale } from "./locale.ts";
import { accountMessages } from "./i18n-account.ts";
import { adminMessages } from "./i18n-admin.ts";
import { forumMessages } from "./i18n-forum.ts";
import { walletMessages } from "../../shared/i18n-wallet.ts";
import { alephMessages } from "./i18n-aleph.ts";
import { securityMessages } from "./i18n-security.ts";
import { moderationMessages } from "./i18n-moderation.ts";
import { manageMessages } from "./i18n-manage.ts";
import { documentMessages } from "./i18n-documents.ts";
import { pushMessages } from "./i18n-push.ts";
import { notificationMessages } from "./i18n-notifications.ts";
import { pwaMessages } from "./i18n-pwa.ts";
import { scopeMessages } from "./i18n-scopes.ts";
import { webhookMessages } from "./i18n-webhooks.ts";
import { offlineMessages } from "./i18n-offline.ts";
import { localeMessages } from "./i18n-locale.ts";

/**
 * Every piece of interface text, Indonesian first. `{name}` placeholders are filled by `t`.
 * English is kept beside each entry so switching the locale later is a lookup, not a rewrite.
 */
const messages = {
  "site.name": { id: "Alephdraad", en: "Alephdraad" },
  "site.tagline": {
    id: "Komunitas developer Indonesia untuk berbagi ilmu, bertanya dan berdiskusi.",
    en: "The Indonesian developer community to share, ask and discuss.",
  },
  "nav.skipToContent": { id: "Langsung ke konten", en: "Skip to content" },
  "nav.main": { id: "Navigasi utama", en: "Main navigation" },
  "nav.menu": { id: "Menu", en: "Menu" },
  "nav.home": { id: "Beranda", en: "Home" },
  "nav.categories": { id: "Kategori", en: "Categories" },
  "theme.toggle": { id: "Ganti tema terang/gelap", en: "Switch light/dark theme" },
  "footer.copyright": { id: "© {year} Alephdraad. Dibuat untuk developer Indonesia.", en: "© {year} Alephdraad. Made for Indonesian developers." },

  "home.title": { id: "Alephdraad — Forum Developer Indonesia", en: "Alephdraad — Indonesian Developer Forum" },
  "home.categories": { id: "Kategori", en: "Categories" },
  "home.newestThreads": { id: "Thread terbaru", en: "Newest threads" },
  "home.noCategories": { id: "Belum ada kategori.", en: "No categories yet." },

  "category.threadCount": { id: "{count} thread", en: "{count} threads" },
  "category.lastActivity": { id: "Aktivitas terakhir {date}", en: "Last activity {date}" },
  "category.noActivity": { id: "Belum ada aktivitas", en: "No activity yet" },
  "category.sortLabel": { id: "Urutkan thread", en: "Sort threads" },
  "category.sortNewest": { id: "Terbaru", en: "Newest" },
  "category.sortActive": { id: "Paling aktif", en: "Most active" },

  "threads.empty": { id: "Belum ada thread di sini.", en: "No threads here yet." },
  "threads.emptyHint": {
    id: "Jadilah yang pertama memulai diskusi.",
    en: "Be the first to start a discussion.",
  },
  "threads.loadMore": { id: "Muat lebih banyak", en: "Load more" },
  "threads.backToStart": { id: "Kembali ke awal", en: "Back to the start" },
  "threads.replies": { id: "{count} balasan", en: "{count} replies" },
  "threads.lastActivity": { id: "aktif {date}", en: "active {date}" },

  "thread.postedOn": { id: "Diposting {date}", en: "Posted {date}" },
  "thread.reactions": { id: "Reaksi", en: "Reactions" },
  "thread.reactionsHint": { id: "Masuk untuk memberi reaksi", en: "Sign in to react" },
  "thread.repliesHeading": { id: "Balasan ({count})", en: "Replies ({count})" },
  "thread.noReplies": { id: "Belum ada balasan.", en: "No replies yet." },
  "thread.moreReplies": { id: "Muat balasan berikutnya", en: "Load more replies" },
  "thread.firstReplies": { id: "Kembali ke balasan pertama", en: "Back to the first replies" },
  "thread.replyDeleted": { id: "Balasan dihapus", en: "Reply deleted" },
  "thread.replyHidden": { id: "Balasan disembunyikan oleh moderator", en: "Reply hidden by a moderator" },
  "thread.edited": { id: "(disunting)", en: "(edited)" },

  "reaction.like": { id: "Suka", en: "Like" },
  "reaction.love": { id: "Cinta", en: "Love" },
  "reaction.fire": { id: "Keren", en: "Fire" },
  "reaction.sad": { id: "Sedih", en: "Sad" },
  "reaction.laugh": { id: "Lucu", en: "Laugh" },

  "error.notFoundTitle": { id: "Halaman tidak ditemukan", en: "Page not found" },
  "error.notFoundBody": {
    id: "Halaman yang kamu cari tidak ada atau sudah dipindahkan.",
    en: "The page you are looking for does not exist or has moved.",
  },
  "error.badRequestTitle": { id: "Permintaan tidak valid", en: "Invalid request" },
  "error.serverTitle": { id: "Terjadi kesalahan", en: "Something went wrong" },
  "error.serverBody": {
    id: "Maaf, server sedang bermasalah. Silakan coba lagi sebentar lagi.",
    en: "Sorry, the server ran into a problem. Please try again shortly.",
  },
  "error.unavailableTitle": { id: "Layanan sedang tidak tersedia", en: "Service temporarily unavailable" },
  "error.unavailableBody": {
    id: "Sebagian layanan kami sedang terganggu. Halaman ini akan kembali dalam beberapa saat; silakan muat ulang nanti.",
    en: "Part of our service is down. This page will be back shortly; please reload in a moment.",
  },
  "error.retry": { id: "Muat ulang", en: "Reload" },
  "error.backHome": { id: "Kembali ke beranda", en: "Back to the home page" },

  ...accountMessages,
  ...forumMessages,
  ...walletMessages,
  ...alephMessages,
  ...securityMessages,
  ...moderationMessages,
  ...manageMessages,
  ...documentMessages,
  ...pushMessages,
  ...adminMessages,
  ...notificationMessages,
  ...pwaMessages,
  ...scopeMessages,
  ...webhookMessages,
  ...offlineMessages,
  ...localeMessages,
} satisfies Record<string, Record<Locale, string>>;

export { DEFAULT_LOCALE, LOCALES, intlLocale, useLocale, type Locale };
export type MessageKey = keyof typeof messages;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template: string = messages[key][locale];
  return vars ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match)) : template;
}

/** Translation in the request's locale, for places without a component (meta, loaders). */
export const t: Translate = (key, vars) => translate(getLocale(), key, vars);

export function useT(): Translate {
  const locale = useLocale();
  return (key, vars) => translate(locale, key, vars);
}
