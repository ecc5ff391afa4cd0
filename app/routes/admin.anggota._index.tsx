import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminPage, AdminTable, cellClass, EmptyState, selectClass } from "~/components/admin-page.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { inputClass, linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_members_title()} · Admin` }];

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
  const locale = useLocale();
  const { members, query, filter } = useLoaderData<typeof loader>();
  const yesNo = (value: boolean) => (value ? m.manage_yes : m.manage_no)();
  return (
    <AdminPage title={m.manage_members_title()}>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <label className="min-w-56 flex-1 space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{m.manage_members_search()}</span>
          <input name="q" type="search" defaultValue={query} maxLength={100} className={inputClass} autoCapitalize="none" spellCheck={false} />
        </label>
        <label className="space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span className="block">{m.manage_members_filter()}</span>
          <select name="saring" defaultValue={filter ?? ""} className={selectClass}>
            <option value="">{m.manage_members_all()}</option>
            <option value="terkunci">{m.manage_members_lockedOnly()}</option>
            <option value="belum-verifikasi">{m.manage_members_unverifiedOnly()}</option>
          </select>
        </label>
        <button type="submit" className={secondaryButtonClass}>
          {m.manage_members_apply()}
        </button>
      </Form>
      {members.items.length === 0 ? (
        <EmptyState>{m.manage_members_empty()}</EmptyState>
      ) : (
        <AdminTable
          label={m.manage_members_title()}
          head={[m.manage_members_username(), m.manage_members_email(), m.manage_members_joined(), m.manage_members_verified(), m.manage_members_locked(), m.manage_members_twoFactor()]}
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
      <CursorPager nextCursor={members.nextCursor} moreLabel={m.manage_more} firstLabel={m.manage_first} />
    </AdminPage>
  );
}
