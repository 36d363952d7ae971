// The development outbox: the latest emails the platform wrote, with clickable links, on a
// development copy without SMTP. Anywhere else (production mode, or SMTP_URL set) it is a 404.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser } from "~/modules/auth/session.server.ts";
import { latestEmails, outboxAvailable } from "~/modules/notifications/dev-outbox.server.ts";
import stylesheet from "~/styles/account.css?url";
import { formatDateTime } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { handle, notFound } from "~/utils/route.server.ts";

const FACILITY_TIME_ZONE = "Europe/Vienna";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("outbox.title")) }, { name: "robots", content: "noindex" }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  if (!outboxAvailable()) notFound();
  // Anonymous access on purpose, development copies only: developers open confirmation and
  // reset links from here before they have an account to sign in with.
  await getUser(request);
  const to = new URL(request.url).searchParams.get("to")?.slice(0, 254) ?? "";
  return { to, messages: await latestEmails({ to, take: 50 }) };
});

/** Text with its http(s) addresses as links; everything else stays text (React escapes it). */
function withLinks(text: string): ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function DevOutbox() {
  const { to, messages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("outbox.title")}</h1>
      <p className="notice notice--warning">{t("outbox.intro")}</p>
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="outbox-to">{t("outbox.filter")}</label>
          <input id="outbox-to" name="to" type="email" defaultValue={to} autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("outbox.filterSubmit")}
        </button>{" "}
        {to ? <Link to="/dev/outbox">{t("outbox.showAll")}</Link> : null}
      </Form>
      {messages.length === 0 ? (
        <p className="empty">{t("outbox.empty")}</p>
      ) : (
        <>
          <p className="muted">{t("outbox.count", { count: messages.length })}</p>
          <ul className="outbox-list">
            {messages.map((m) => {
              const statusKey = `outbox.status.${m.status}`;
              return (
                <li key={m.id} className="outbox-message">
                  <article aria-labelledby={`mail-${m.id}`}>
                    <h2 id={`mail-${m.id}`}>{m.subject}</h2>
                    <dl className="facts facts--inline">
                      <div>
                        <dt>{t("outbox.to")}</dt>
                        <dd>{m.to}</dd>
                      </div>
                      <div>
                        <dt>{t("outbox.when")}</dt>
                        <dd>
                          <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, t.locale, FACILITY_TIME_ZONE)}</time>
                        </dd>
                      </div>
                      <div>
                        <dt>{t("outbox.status")}</dt>
                        <dd>{isMessageKey(statusKey) ? t(statusKey) : m.status}</dd>
                      </div>
                      <div>
                        <dt>{t("outbox.language")}</dt>
                        <dd>{m.locale === "fr" || m.locale === "en" ? t(`language.${m.locale}`) : m.locale}</dd>
                      </div>
                    </dl>
                    <pre className="outbox-body">{withLinks(m.text)}</pre>
                  </article>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
