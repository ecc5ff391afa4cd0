import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, selectClass } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { inputClass, linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.members.title")} · Admin` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").slice(0, 100);
  const filter = params.get("saring");
  const members = await orErrorResponse(
    context.trpc.admin.members.search({
      query,
      locked: filter === "terkunci" ? true : undefined,
      verified: filter === "belum-verifikasi" ? false : undefined,
      cursor: params.get("cursor") ?? undefined,
    }),
  );
  return json({ members, query, filter });
}

export default function AdminMembers() {
  const t = useT();
  const locale = useLocale();
  const { members, query, filter } = useLoaderData<typeof loader>();
  const yesNo = (value: boolean) => t(value ? "manage.yes" : "manage.no");
  return (
    <AdminPage title={t("manage.members.title")}>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <label className="min-w-56 flex-1 space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{t("manage.members.search")}</span>
          <input name="q" type="search" defaultValue={query} maxLength={100} className={inputClass} autoCapitalize="none" spellCheck={false} />
        </label>
        <label className="space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span className="block">{t("manage.members.filter")}</span>
          <select name="saring" defaultValue={filter ?? ""} className={selectClass}>
            <option value="">{t("manage.members.all")}</option>
            <option value="terkunci">{t("manage.members.lockedOnly")}</option>
            <option value="belum-verifikasi">{t("manage.members.unverifiedOnly")}</option>
          </select>
        </label>
        <button type="submit" className={secondaryButtonClass}>
          {t("manage.members.apply")}
        </button>
      </Form>
      {members.items.length === 0 ? (
        <EmptyState>{t("manage.members.empty")}</EmptyState>
      ) : (
        <AdminTable
          label={t("manage.members.title")}
          head={[t("manage.members.username"), t("manage.members.email"), t("manage.members.joined"), t("manage.members.verified"), t("manage.members.locked"), t("manage.members.twoFactor")]}
        >
          {members.items.map((member) => (
            <tr key={member.id}>
              <td className={cellClass}>
                <Link to={`/admin/anggota/${member.id}`} className={linkClass}>
                  {member.username}
                </Link>
              </td>
              <td className={cellClass}>{member.email}</td>
              <td className={cellClass}>{formatDateTime(member.createdAt, locale)}</td>
              <td className={cellClass}>{yesNo(member.isVerified)}</td>
              <td className={cellClass}>{yesNo(member.isLocked)}</td>
              <td className={cellClass}>{yesNo(member.totpEnabled)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <CursorPager nextCursor={members.nextCursor} moreLabel="manage.more" firstLabel="manage.first" />
    </AdminPage>
  );
}
