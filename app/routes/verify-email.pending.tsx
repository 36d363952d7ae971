// Where a signed-in person whose email address is not confirmed yet is sent when they try to
// register or join an organisation: what to do, and a button for a new link.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { safeRedirect } from "~/modules/auth/schemas.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { isEmailVerified } from "~/modules/organisations/access.server.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("registration.pending.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Signed-in users only: it is about their own account.
  const user = await requireUser(request);
  const next = safeRedirect(new URL(request.url).searchParams.get("next"), "/organisation");
  if (await isEmailVerified(user.id)) throw redirect(next);
  return { email: user.email, next };
});

export default function PendingVerification() {
  const { email, next } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="narrow" aria-labelledby="pending-title">
      <h1 id="pending-title">{t("registration.pending.title")}</h1>
      <p className="notice notice--warning">{t("registration.pending.body", { email })}</p>
      <Form method="post" action="/verify-email/resend" className="form">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="next" value={next === "/organisation" ? "" : next} />
        <button type="submit" className="button">
          {t("registration.pending.resend")}
        </button>
      </Form>
    </section>
  );
}
