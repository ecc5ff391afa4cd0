import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FailureAlert, failureOf, secondaryButtonClass } from "~/components/form-fields.tsx";
import { ReportControl } from "~/components/report-control.tsx";
import { ThreadList } from "~/components/thread-list.tsx";
import { BadgeChip } from "~/components/user-name.tsx";
import { formatDateTime, formatNumber, safeColor } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { submitForm } from "~/lib/form-action.server.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { requireMember } from "~/lib/viewer.server.ts";
import { canonicalLink, originOf } from "~/lib/seo.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const profile = await orErrorResponse(context.trpc.user.publicProfile({ username: params.username ?? "" }));
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [threads, viewer] = await orErrorResponse(
    Promise.all([context.trpc.thread.list({ authorId: profile.id, sort: "newest", cursor }), context.trpc.auth.me()]),
  );
  // Whether the viewer blocked this member; no button if that cannot be read.
  const blocked =
    viewer && viewer.id !== profile.id
      ? await context.trpc.block.status({ username: profile.username }).then((status) => status.blocked, () => null)
      : null;
  return json({ profile, threads, viewerId: viewer?.id ?? null, blocked });
}

/** Block or unblock this member (a form: the loader then shows the new state). */
export async function action({ params, request, context }: ActionFunctionArgs) {
  await requireMember(context.trpc, request);
  const form = await request.formData();
  const profile = await orErrorResponse(context.trpc.user.publicProfile({ username: params.username ?? "" }));
  const result = await submitForm<unknown>(
    form.get("intent") === "unblock"
      ? context.trpc.block.remove({ userId: profile.id })
      : context.trpc.block.add({ username: profile.username }),
  );
  return result.ok ? json({ ok: true as const }) : result.response;
}

/** The viewer's block of this member: blocking asks first; a refusal shows beside the button. */
function BlockControl({ username, blocked }: { username: string; blocked: boolean }) {
  const navigation = useNavigation();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="space-y-1">
      {blocked && <p className="text-sm text-slate-600 dark:text-slate-400">{m.profile_blockedNotice()}</p>}
      <Form
        method="post"
        onSubmit={(event) => {
          if (!blocked && !window.confirm(m.profile_blockConfirm({ username }))) event.preventDefault();
        }}
      >
        <button
          type="submit"
          name="intent"
          value={blocked ? "unblock" : "block"}
          disabled={navigation.state === "submitting"}
          className={secondaryButtonClass}
        >
          {(blocked ? m.profile_unblock : m.profile_block)()}
        </button>
      </Form>
      <FailureAlert failure={failure} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [];
  const { profile } = data;
  const origin = originOf(matches);
  const title = m.profile_title({ username: profile.username });
  const description = profile.bio || m.profile_description({ username: profile.username });
  return [
    { title: `${title} · ${m.site_name()}` },
    { name: "description", content: description },
    { property: "og:type", content: "profile" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "profile:username", content: profile.username },
    ...(origin ? [canonicalLink(origin, `/u/${encodeURIComponent(profile.username)}`)] : []),
  ];
};

export default function ProfilePage() {
  const { profile, threads, viewerId, blocked } = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{profile.username}</h1>
          {profile.primaryBadge && <BadgeChip badge={profile.primaryBadge} />}
        </div>
        {viewerId !== null && viewerId !== profile.id && (
          <div className="flex flex-wrap items-start gap-2">
            <ReportControl targetType="user" targetId={profile.id} />
            {blocked !== null && <BlockControl username={profile.username} blocked={blocked} />}
          </div>
        )}
        {profile.fullName && <p className="text-slate-700 dark:text-slate-300">{profile.fullName}</p>}
        {profile.bio && <p className="whitespace-pre-line text-slate-600 dark:text-slate-400">{profile.bio}</p>}
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
          <div className="flex gap-1">
            <dt>{m.profile_joined()}</dt>
            <dd>
              <time dateTime={profile.createdAt}>{formatDateTime(profile.createdAt, locale)}</time>
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>{m.profile_threads()}</dt>
            <dd data-testid="profile-thread-count">{formatNumber(profile.threadCount, locale)}</dd>
          </div>
          <div className="flex gap-1">
            <dt>{m.profile_replies()}</dt>
            <dd data-testid="profile-reply-count">{formatNumber(profile.replyCount, locale)}</dd>
          </div>
        </dl>
      </header>
      <section aria-labelledby="lencana-judul">
        <h2 id="lencana-judul" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
          {m.profile_badges()}
        </h2>
        {profile.badges.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">{m.profile_noBadges()}</p>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {profile.badges.map((badge) => (
              <li
                key={badge.name}
                title={badge.description}
                className="rounded-lg border bg-white px-3 py-1.5 text-sm dark:bg-slate-900"
                style={{ borderColor: safeColor(badge.color) }}
              >
                <span aria-hidden="true" className="mr-1.5 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: safeColor(badge.color) }} />
                <span className="font-semibold text-slate-900 dark:text-white">{badge.name}</span>
                {badge.isPrimary && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">({m.profile_primaryBadge()})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="thread-profil-judul">
        <h2 id="thread-profil-judul" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
          {m.profile_threadsHeading()}
        </h2>
        <ThreadList page={threads} />
      </section>
    </div>
  );
}
