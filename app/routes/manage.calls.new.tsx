// /manage/calls/new (grant managers): start a draft call by choosing its procedure; it
// starts from the default evaluation grids and can then be completed at leisure.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { ChoiceField } from "~/components/staff/ChoiceField.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { NewCallSchema, PROCEDURES } from "~/modules/calls/call-schema.ts";
import { createDraftCall, requireCallStaff } from "~/modules/calls/design.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("callDesign.new.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  requireCallStaff(toActor(user), "create");
  return { ok: true as const };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireCallStaff(actor, "create");
  const parsed = parseWith(await readForm(request), NewCallSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const call = await createDraftCall(actor, parsed.data, { ipAddress: clientAddress(request) });
  return redirect(`/manage/calls/${call.id}/edit?created=1`);
});

export default function NewCall() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const busy = navigation.state === "submitting";
  return (
    <section className="narrow" aria-labelledby="new-call-title">
      <p className="breadcrumb">
        <Link to="/manage/calls">← {t("callDesign.list.back")}</Link>
      </p>
      <h1 id="new-call-title">{t("callDesign.new.title")}</h1>
      <p>{t("callDesign.new.intro")}</p>
      <ErrorSummary errors={errors} labels={{ procedure: t("callDesign.field.procedure"), titleEn: t("callDesign.field.titleEn"), titleFr: t("callDesign.field.titleFr") }} />
      <Form method="post" noValidate className="form">
        <ChoiceField
          name="procedure"
          legend={t("callDesign.field.procedure")}
          defaultValue={values.procedure}
          errors={errors?.procedure}
          choices={PROCEDURES.map((p) => ({ value: p, label: t(`callDesign.procedure.${p}`), hint: t(`callDesign.procedureHint.${p}`) }))}
        />
        <Field name="titleEn" label={t("callDesign.field.titleEn")} hint={t("callDesign.new.titleHint")} lang="en" defaultValue={values.titleEn ?? ""} errors={errors?.titleEn} />
        <Field name="titleFr" label={t("callDesign.field.titleFr")} lang="fr" defaultValue={values.titleFr ?? ""} errors={errors?.titleFr} />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("callDesign.new.submit")}
        </button>
      </Form>
    </section>
  );
}
