/**
 * Interface text of notifications: @mention suggestions, the header bell, the notification
 * list and its settings, watching threads and blocking members; spread into i18n.ts.
 */
export const notificationMessages = {
  "mention.listLabel": { id: "Anggota yang bisa disebut", en: "Members to mention" },
  "mention.loading": { id: "Mencari anggota…", en: "Looking for members…" },
  "mention.none": { id: "Tidak ada anggota dengan nama itu.", en: "No member by that name." },
  "mention.failed": { id: "Saran anggota tidak dapat dimuat.", en: "Member suggestions could not be loaded." },
} as const;
