// The home page: what the facility funds, and the calls open or announced now.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/Deadline.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { getUser, toActor } from "~/modules/auth/session.server.ts";
import { listPublicCalls, type PublicCallSummary } from "~/modules/calls/catalogue.server.ts";
import { formatMoney } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale) }, { name: "description", content: translator(locale)("app.description") }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Public page: anonymous visitors are allowed; a signed-in user must be allowed to list published calls.
  const user = await getUser(request);
  if (user) requirePermission(toActor(user), "call", "list", { published: true });
  const locale = resolveLocale(request, user);
  return { calls: await listPublicCalls(locale), signedIn: user !== null, now: new Date().toISOString() };
});

export default function Home() {
  const { calls, signedIn, now } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
        <p>{t("home.howItWorks")}</p>
        {signedIn ? null : (
          <p>
            <Link to="/login">{t("home.signInPrompt")}</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">{t("home.openCalls")}</h2>
        {calls.length === 0 ? (
          <p className="empty">{t("home.noOpenCalls")}</p>
        ) : (
          <ul className="card-list">
            {calls.map((call) => (
              <li key={call.id}>
                <CallCard call={call} now={now} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function CallCard({ call, now }: { call: PublicCallSummary; now: string }) {
  const t = useT();
  return (
    <article className="card call-card" aria-labelledby={`call-${call.id}`}>
      <header className="card__header">
        <h3 id={`call-${call.id}`}>
          <Link to={`/calls/${call.id}`}>{call.title}</Link>
        </h3>
        <StatusBadge state={call.state} label={call.stateLabel} />
      </header>
      <dl className="facts">
        <div>
          <dt>{t("call.reference")}</dt>
          <dd>{call.reference}</dd>
        </div>
        {call.dialogues.length > 0 ? (
          <div>
            <dt>{t("call.dialogues")}</dt>
            <dd>
              <ul className="tags">
                {call.dialogues.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {call.jvapDomains.length > 0 ? (
          <div>
            <dt>{t("call.jvapDomains")}</dt>
            <dd>
              <ul className="tags">
                {call.jvapDomains.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("call.grantSize")}</dt>
          <dd>{t("call.grantRange", { min: formatMoney(call.minGrantCents, t.locale), max: formatMoney(call.maxGrantCents, t.locale) })}</dd>
        </div>
        <div>
          <dt>{t("call.deadline")}</dt>
          <dd>
            <Deadline at={call.deadline} timeZone={call.timeZone} now={now} />
          </dd>
        </div>
      </dl>
      <p className="card__action">
        <Link to={`/calls/${call.id}`} aria-describedby={`call-${call.id}`}>
          {t("call.readCall")}
        </Link>
      </p>
    </article>
  );
}
