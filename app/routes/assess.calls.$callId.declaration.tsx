// /assess/calls/:callId/declaration (evaluators with proposals assigned in the call): the
// declaration of impartiality and confidentiality, in the assessor's language with its
// version; a ticked box and "Sign" record the signature (time, version, text, address) and
// open the call's proposals. Once signed, the page shows what was signed and when.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { fieldId } from "~/components/Field.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { getDeclarationPage, requireAssessor, signDeclaration } from "~/modules/evaluation/assessor.server.ts";
import { DECLARATION_TEXTS } from "~/modules/evaluation/declaration.ts";
import { DeclarationSchema } from "~/modules/evaluation/scoring-schema.ts";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("assessing.declaration.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  return getDeclarationPage(toActor(user), params.callId ?? "", locale);
});

/** Only the assessor's own pages are followed after signing. */
function safeNext(raw: string | null): string | null {
  return raw && /^\/assess\/[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : null;
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireAssessor(actor);
  const callId = params.callId ?? "";
  const form = await readForm(request);
  const parsed = parseWith(form, DeclarationSchema);
  if (!parsed.ok) return data({ ok: false as const, fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    await signDeclaration(actor, callId, { textVersion: parsed.data.textVersion, locale: resolveLocale(request, user) }, { ipAddress: clientAddress(request) });
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request") return data({ ok: false as const, fieldErrors: { agree: [error.message] } }, { status: 400 });
    throw error;
  }
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  return redirect(next ?? `/assess?signed=${encodeURIComponent(callId)}`);
});

export default function Declaration() {
  const { call, assigned, signed, textVersion } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const text = DECLARATION_TEXTS[t.locale];
  const errors = answer && !answer.ok ? answer.fieldErrors : undefined;
  const agreeId = fieldId("agree");
  const next = params.get("next");
  return (
    <article aria-labelledby="declaration-title" className="narrow">
      <p className="breadcrumb">
        <Link to="/assess">← {t("assessing.score.back")}</Link>
      </p>
      <header className="page-header">
        <h1 id="declaration-title">{t("assessing.declaration.title")}</h1>
        <p className="lead">{t("assessing.declaration.intro", { reference: call.reference, title: call.title, count: assigned })}</p>
      </header>
      {signed ? (
        <>
          <p className="notice" role="status">
            {t("assessing.declaration.signed", { date: formatDateTime(signed.at, t.locale, call.timeZone), version: signed.textVersion })}
          </p>
          <section aria-labelledby="signed-text-title" className="card">
            <h2 id="signed-text-title">{t("assessing.declaration.signedText")}</h2>
            <div className="prose pre-wrap">{signed.text}</div>
          </section>
          <p>
            <Link className="button" to="/assess">
              {t("assessing.declaration.toQueue")}
            </Link>
          </p>
        </>
      ) : (
        <>
          <section aria-labelledby="text-title" className="card prose">
            <h2 id="text-title">{text.title}</h2>
            {text.paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
            <p className="muted small">{t("assessing.declaration.version", { version: textVersion })}</p>
          </section>
          <ErrorSummary errors={errors} labels={{ agree: t("assessing.declaration.agree") }} />
          <Form method="post" action={next ? `?next=${encodeURIComponent(next)}` : undefined} className="form">
            <input type="hidden" name="textVersion" value={textVersion} />
            <div className={errors?.agree ? "field field--error" : "field"}>
              {errors?.agree ? (
                <p id={`${agreeId}-error`} className="field__error">
                  {t.maybe(errors.agree[0] ?? "")}
                </p>
              ) : null}
              <div className="choice">
                <input id={agreeId} type="checkbox" name="agree" required aria-invalid={errors?.agree ? true : undefined} aria-describedby={errors?.agree ? `${agreeId}-error` : undefined} />{" "}
                <label htmlFor={agreeId}>{t("assessing.declaration.agree")}</label>
              </div>
            </div>
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("assessing.declaration.sign")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
