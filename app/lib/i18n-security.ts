/**
 * Interface text of passkeys, two-factor and access tokens, spread into the
 * messages of i18n.ts beside the account pages' own.
 */
export const securityMessages = {
  "settings.passkeys": { id: "Passkey", en: "Passkeys" },
  "settings.twoFactor": { id: "Verifikasi dua langkah", en: "Two-factor authentication" },
  "settings.accessTokens": { id: "Token akses", en: "Access tokens" },

  "action.rename": { id: "Ganti nama", en: "Rename" },
  "action.remove": { id: "Hapus", en: "Remove" },
  "action.save": { id: "Simpan", en: "Save" },
  "action.cancel": { id: "Batal", en: "Cancel" },
  "action.copy": { id: "Salin", en: "Copy" },
  "action.copied": { id: "Tersalin", en: "Copied" },
  "action.failed": { id: "Gagal: {message}", en: "Failed: {message}" },
  "date.never": { id: "Belum pernah", en: "Never" },

  "passkey.signIn": { id: "Masuk dengan passkey", en: "Sign in with a passkey" },
  "passkey.signInHint": {
    id: "Tanpa kata sandi: gunakan sidik jari, wajah atau PIN perangkatmu.",
    en: "No password: use your device's fingerprint, face or PIN.",
  },
  "passkey.cancelled": {
    id: "Passkey dibatalkan atau tidak tersedia di perangkat ini.",
    en: "The passkey prompt was cancelled or no passkey is available on this device.",
  },
  "passkey.unsupported": { id: "Browser ini belum mendukung passkey.", en: "This browser does not support passkeys." },
  "passkey.intro": {
    id: "Passkey menggantikan kata sandi dengan kunci di perangkatmu. Kamu bisa menambahkan beberapa, misalnya untuk ponsel dan laptop.",
    en: "Passkeys replace your password with a key on your device. You can add several, for example for your phone and your laptop.",
  },
  "passkey.empty": { id: "Belum ada passkey.", en: "No passkeys yet." },
  "passkey.name": { id: "Nama passkey", en: "Passkey name" },
  "passkey.nameHint": { id: "Misalnya \"Laptop kantor\" atau \"Ponsel\".", en: "For example \"Work laptop\" or \"Phone\"." },
  "passkey.add": { id: "Tambah passkey", en: "Add a passkey" },
  "passkey.added": { id: "Passkey \"{name}\" ditambahkan.", en: "Passkey \"{name}\" added." },
  "passkey.created": { id: "Dibuat {date}", en: "Added {date}" },
  "passkey.lastUsed": { id: "Terakhir dipakai: {date}", en: "Last used: {date}" },
  "passkey.synced": { id: "Tersinkron", en: "Synced" },
  "passkey.confirmRemove": {
    id: "Hapus passkey \"{name}\"? Perangkat itu tidak bisa lagi dipakai untuk masuk.",
    en: "Remove passkey \"{name}\"? That device can no longer sign you in.",
  },

  "twoFactor.title": { id: "Verifikasi dua langkah", en: "Two-factor verification" },
  "twoFactor.intro": {
    id: "Masukkan kode 6 digit dari aplikasi autentikatormu, atau salah satu kode cadangan.",
    en: "Enter the 6-digit code from your authenticator app, or one of your backup codes.",
  },
  "twoFactor.code": { id: "Kode verifikasi", en: "Verification code" },
  "twoFactor.verify": { id: "Verifikasi", en: "Verify" },
  "twoFactor.useOtherAccount": { id: "Batal dan keluar", en: "Cancel and sign out" },
  "twoFactor.settingsIntro": {
    id: "Selain kata sandi, masuk juga meminta kode dari aplikasi autentikator (Google Authenticator, Aegis, 1Password, …).",
    en: "Besides your password, signing in also asks for a code from an authenticator app (Google Authenticator, Aegis, 1Password, …).",
  },
  "twoFactor.on": { id: "Aktif", en: "On" },
  "twoFactor.off": { id: "Tidak aktif", en: "Off" },
  "twoFactor.backupRemaining": { id: "Sisa kode cadangan: {count}", en: "Backup codes left: {count}" },
  "twoFactor.enable": { id: "Aktifkan", en: "Turn on" },
  "twoFactor.scan": {
    id: "Pindai kode QR ini dengan aplikasi autentikator, atau masukkan kuncinya secara manual:",
    en: "Scan this QR code with your authenticator app, or enter the key by hand:",
  },
  "twoFactor.qrAlt": { id: "Kode QR untuk aplikasi autentikator", en: "QR code for the authenticator app" },
  "twoFactor.secret": { id: "Kunci rahasia", en: "Secret key" },
  "twoFactor.confirmCode": { id: "Kode dari aplikasi", en: "Code from the app" },
  "twoFactor.confirm": { id: "Konfirmasi dan aktifkan", en: "Confirm and turn on" },
  "twoFactor.backupTitle": { id: "Kode cadangan", en: "Backup codes" },
  "twoFactor.backupIntro": {
    id: "Simpan kode ini di tempat aman. Masing-masing hanya bisa dipakai sekali saat ponselmu tidak ada. Kode ini tidak akan ditampilkan lagi.",
    en: "Keep these codes somewhere safe. Each works once when your phone is not at hand. They will not be shown again.",
  },
  "twoFactor.backupDone": { id: "Sudah saya simpan", en: "I have saved them" },
  "twoFactor.regenerate": { id: "Buat kode cadangan baru", en: "New backup codes" },
  "twoFactor.regenerateHint": {
    id: "Kode cadangan lama berhenti berlaku. Masukkan kode dari aplikasi autentikator.",
    en: "The old backup codes stop working. Enter a code from your authenticator app.",
  },
  "twoFactor.disable": { id: "Nonaktifkan", en: "Turn off" },
  "twoFactor.disabled": { id: "Verifikasi dua langkah dinonaktifkan.", en: "Two-factor authentication is off." },
  "twoFactor.disableHint": {
    id: "Untuk menonaktifkan, masukkan kata sandi dan kode verifikasi (atau kode cadangan).",
    en: "To turn it off, enter your password and a verification code (or a backup code).",
  },

  "token.intro": {
    id: "Token akses personal membuat program bisa memakai API Alephdraad atas namamu lewat header Authorization: Bearer. Token tidak bisa mengelola passkey, verifikasi dua langkah, sesi atau token lain.",
    en: "Personal access tokens let programs use the Alephdraad API as you through the Authorization: Bearer header. A token cannot manage passkeys, two-factor, sessions or other tokens.",
  },
  "token.empty": { id: "Belum ada token akses.", en: "No access tokens yet." },
  "token.name": { id: "Nama token", en: "Token name" },
  "token.expiry": { id: "Masa berlaku", en: "Expires after" },
  "token.days": { id: "{count} hari", en: "{count} days" },
  "token.noExpiry": { id: "Tanpa batas", en: "Never" },
  "token.create": { id: "Buat token", en: "Create token" },
  "token.created": {
    id: "Token \"{name}\" dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi.",
    en: "Token \"{name}\" created. Copy it now: it will not be shown again.",
  },
  "token.createdAt": { id: "Dibuat {date}", en: "Created {date}" },
  "token.lastUsed": { id: "Terakhir dipakai: {date}", en: "Last used: {date}" },
  "token.expires": { id: "Berlaku sampai {date}", en: "Expires {date}" },
  "token.expired": { id: "Kedaluwarsa {date}", en: "Expired {date}" },
  "token.revoke": { id: "Cabut", en: "Revoke" },
  "token.confirmRevoke": {
    id: "Cabut token \"{name}\"? Program yang memakainya langsung ditolak.",
    en: "Revoke token \"{name}\"? Programs using it are refused at once.",
  },
} as const;
