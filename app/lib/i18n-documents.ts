import type { DocumentType } from "../../shared/documents.ts";
import type { Locale } from "./i18n.ts";

/** Strings of the documents page (/dokumen) and its link in the header. */
export const documentMessages = {
  "nav.documents": { id: "Dokumen", en: "Documents" },

  "documents.title": { id: "Dokumen", en: "Documents" },
  "documents.intro": {
    id: "Simpan berkasmu di sini dan bagikan lewat tautan bila perlu. Hanya kamu yang melihat daftar ini.",
    en: "Keep your files here and share them by link when you need to. Only you see this list.",
  },
  "documents.uploadHeading": { id: "Unggah dokumen", en: "Upload a document" },
  "documents.titleLabel": { id: "Judul", en: "Title" },
  "documents.fileLabel": { id: "Berkas", en: "File" },
  "documents.rules": {
    id: "Jenis yang diterima: {types}. Paling besar {max} per berkas.",
    en: "Accepted types: {types}. At most {max} per file.",
  },
  "documents.upload": { id: "Unggah", en: "Upload" },
  "documents.uploading": { id: "Mengunggah…", en: "Uploading…" },
  "documents.uploaded": { id: "“{title}” sudah diunggah.", en: "“{title}” was uploaded." },
  "documents.tooLarge": { id: "Berkas terlalu besar: maksimal {max}.", en: "The file is too large: at most {max}." },
  "documents.overQuota": {
    id: "Sisa kuotamu ({left}) tidak cukup untuk berkas ini. Hapus dokumen lama terlebih dahulu.",
    en: "What is left of your quota ({left}) is not enough for this file. Delete old documents first.",
  },
  "documents.uploadFailed": {
    id: "Unggahan gagal: periksa koneksimu lalu coba lagi.",
    en: "The upload failed: check your connection and try again.",
  },

  "documents.quotaLabel": { id: "Kuota penyimpanan", en: "Storage quota" },
  "documents.quotaUsed": { id: "{used} dari {quota} terpakai", en: "{used} of {quota} used" },

  "documents.listHeading": { id: "Dokumenmu", en: "Your documents" },
  "documents.empty": { id: "Belum ada dokumen.", en: "No documents yet." },
  "documents.emptyHint": { id: "Unggah berkas pertamamu dengan formulir di atas.", en: "Upload your first file with the form above." },
  "documents.uploadedOn": { id: "Diunggah {date}", en: "Uploaded {date}" },
  "documents.download": { id: "Unduh", en: "Download" },
  "documents.downloadNamed": { id: "Unduh “{title}”", en: "Download “{title}”" },
  "documents.shared": { id: "Dibagikan", en: "Shared" },
  "documents.share": { id: "Bagikan lewat tautan", en: "Share by link" },
  "documents.unshare": { id: "Hentikan berbagi", en: "Stop sharing" },
  "documents.shareLink": { id: "Tautan berbagi “{title}”", en: "Share link of “{title}”" },
  "documents.shareHint": {
    id: "Siapa pun yang memegang tautan ini dapat mengunduh berkasnya, tanpa masuk.",
    en: "Anyone holding this link can download the file, without signing in.",
  },
  "documents.newTitle": { id: "Judul baru", en: "New title" },
  "documents.confirmDelete": {
    id: "Hapus “{title}”? Berkasnya tidak dapat dikembalikan.",
    en: "Delete “{title}”? The file cannot be recovered.",
  },
  "documents.more": { id: "Dokumen berikutnya", en: "More documents" },
  "documents.first": { id: "Kembali ke dokumen terbaru", en: "Back to the newest documents" },

  "documents.type.application/pdf": { id: "PDF", en: "PDF" },
  "documents.type.image/png": { id: "PNG", en: "PNG" },
  "documents.type.image/jpeg": { id: "JPEG", en: "JPEG" },
  "documents.type.image/webp": { id: "WebP", en: "WebP" },
  "documents.type.image/gif": { id: "GIF", en: "GIF" },
  "documents.type.text/plain": { id: "Teks", en: "Text" },
} satisfies Record<string, Record<Locale, string>> & Record<`documents.type.${DocumentType}`, Record<Locale, string>>;
