import { CopyButton } from "./copy-button.tsx";

/** An authenticator app's enrolment: the QR code to scan and the same secret as text to type or copy (members and admins). */
export function TotpSecret({ qrCode, secret, qrAlt, secretLabel }: { qrCode: string; secret: string; qrAlt: string; secretLabel: string }) {
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
      <img src={qrCode} alt={qrAlt} width={220} height={220} className="rounded-lg border border-slate-200 bg-white dark:border-slate-700" />
      <div className="min-w-0 space-y-2">
        <p className="text-sm font-medium text-slate-800 dark:text-slate-200">{secretLabel}</p>
        <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm dark:bg-slate-800" data-testid="totp-secret">
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
    </div>
  );
}
