/** Interface text of the language switch (header, phone menu, settings), spread into the messages of i18n.ts. */
export const localeMessages = {
  "locale.switchTo": { id: "Ganti bahasa ke {language}", en: "Change the language to {language}" },
  "locale.heading": { id: "Bahasa", en: "Language" },
  "locale.intro": {
    id: "Bahasa tampilan situs dan e-mail yang kami kirim kepadamu.",
    en: "The language of the site and of the e-mails we send you.",
  },
  "locale.current": { id: "Sekarang: Bahasa Indonesia.", en: "Now: English." },
};
