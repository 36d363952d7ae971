// /manage/calls/:callId/notices (grant managers; admins read): the notices of a published
// call, and the two changes that are fair to applicants once a call is out: a clarification
// (which may also correct the description) and a deadline extension (later only).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CallTextarea } from "~/components/CallForm.tsx";
import { CallNotices } from "~/components/CallNotices.tsx";
import { CallTabs } from "~/components/CallTabs.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { can } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { ClarificationSchema, DeadlineExtensionSchema } from "~/modules/calls/call-schema.ts";
import { staffCallHeading } from "~/modules/calls/catalogue.server.ts";
import { getCallForDesign, requireCallStaff } from "~/modules/calls/design.server.ts";
import { acceptsNotices, addClarification, extendDeadline } from "~/modules/calls/notices.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime, timeZoneLabel } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm, type FieldErrors } from "~/utils/route.server.ts";
import { instantToLocalString } from "~/utils/zoned-time.ts";

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  const t = translator(locale);
  return [{ title: pageTitle(locale, loaded ? t("callDesign.notices.title", { reference: loaded.call.reference }) : t("callDesign.list.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const locale = resolveLocale(request, user);
  const call = await getCallForDesign(actor, params.callId ?? "");
  const deadlines = (call.procedure === "RESTRICTED" ? (["conceptNoteDeadline", "fullApplicationDeadline"] as const) : (["fullApplicationDeadline"] as const))
    .filter((field) => call[field] !== null)
    .map((field) => ({ field, at: call[field]!.toISOString(), local: instantToLocalString(call[field], call.timeZone) }));
  return {
    call: {
      ...staffCallHeading(call, locale),
      timeZone: call.timeZone,
      descriptionEn: call.descriptionEn,
      descriptionFr: call.descriptionFr,
    },
    deadlines,
    canAdd: acceptsNotices(call.state) && can(actor, "call", "update"),
    canEdit: can(actor, "call", "update"),
    notices: call.notices.map((n) => ({ id: n.id, kind: n.kind, text: pick(n, "text", locale), createdAt: n.createdAt.toISOString() })),
  };
});

type Which = "clarification" | "extension";
type ActionResult = { form: Which; fieldErrors: FieldErrors; values: Record<string, string> };

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireCallStaff(actor, "update");
  const callId = params.callId ?? "";
  const formData = await readForm(request);
  const which: Which = formData.get("_form") === "extension" ? "extension" : "clarification";
  const meta = { ipAddress: clientAddress(request) };
  const parsed = which === "extension" ? parseWith(formData, DeadlineExtensionSchema) : parseWith(formData, ClarificationSchema);
  if (!parsed.ok) return data<ActionResult>({ form: which, fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const values = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  try {
    const result =
      which === "extension"
        ? await extendDeadline(actor, callId, parsed.data as Parameters<typeof extendDeadline>[2], meta)
        : await addClarification(actor, callId, parsed.data as Parameters<typeof addClarification>[2], meta);
    if (!result.ok) return data<ActionResult>({ form: which, fieldErrors: result.fieldErrors, values }, { status: 400 });
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused")) {
      return data<ActionResult>({ form: which, fieldErrors: { form: [error.message] }, values }, { status: error.status });
    }
    throw error;
  }
  return redirect(`/manage/calls/${callId}/notices?added=${which}`);
});

export default function CallNoticesPage() {
  const { call, deadlines, canAdd, canEdit, notices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const added = params.get("added");
  const errorsFor = (which: Which) => (actionData?.form === which ? actionData.fieldErrors : undefined);
  const valuesFor = (which: Which) => (actionData?.form === which ? actionData.values : {});
  const clarification = { errors: errorsFor("clarification"), values: valuesFor("clarification") };
  const extension = { errors: errorsFor("extension"), values: valuesFor("extension") };
  const deadlineLabel = (field: string) => (field === "conceptNoteDeadline" ? t("call.conceptNoteDeadline") : t("call.fullApplicationDeadline"));
  const selectedDeadline = extension.values.deadline ?? deadlines[deadlines.length - 1]?.field ?? "fullApplicationDeadline";

  return (
    <article aria-labelledby="notices-page-title">
      <CallTabs callId={call.id} state={call.state} current="notices" canEdit={canEdit} />
      <header className="page-header">
        <p className="muted">{t("common.labelled", { label: t("call.reference"), value: call.reference })}</p>
        <h1 id="notices-page-title">{t("callDesign.notices.title", { reference: call.reference })}</h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
        <p className="muted">{t("callDesign.notices.intro")}</p>
      </header>
      {added === "clarification" || added === "extension" ? (
        <p className="notice" role="status">
          {t(added === "extension" ? "callDesign.notices.addedExtension" : "callDesign.notices.addedClarification")}
        </p>
      ) : null}

      {canAdd ? (
        <div className="call-notice-forms">
          <section aria-labelledby="extension-title" className="card">
            <h2 id="extension-title">{t("callDesign.notices.extensionTitle")}</h2>
            <p className="muted">{t("callDesign.notices.extensionIntro", { zone: timeZoneLabel(call.timeZone, t.locale) })}</p>
            <ul>
              {deadlines.map((d) => (
                <li key={d.field}>{t("common.labelled", { label: deadlineLabel(d.field), value: formatDateTime(d.at, t.locale, call.timeZone) })}</li>
              ))}
            </ul>
            <ErrorSummary errors={extension.errors} labels={{ deadline: t("callDesign.notices.whichDeadline"), newDeadline: t("callDesign.notices.newDeadline"), reasonEn: t("callDesign.notices.reasonEn"), reasonFr: t("callDesign.notices.reasonFr") }} />
            <Form method="post" noValidate className="form">
              <input type="hidden" name="_form" value="extension" />
              <input type="hidden" name="version" value={call.version} />
              {deadlines.length > 1 ? (
                <div className="field">
                  <label htmlFor="field-deadline">{t("callDesign.notices.whichDeadline")}</label>
                  <select id="field-deadline" name="deadline" defaultValue={selectedDeadline}>
                    {deadlines.map((d) => (
                      <option key={d.field} value={d.field}>
                        {deadlineLabel(d.field)}
                      </option>
                    ))}
                  </select>
                </div>
              ) : (
                <input type="hidden" name="deadline" value={selectedDeadline} />
              )}
              {extension.errors?.deadline ? <p className="field__error">{t.maybe(extension.errors.deadline[0]!)}</p> : null}
              <Field
                name="newDeadline"
                type="datetime-local"
                label={t("callDesign.notices.newDeadline")}
                hint={t("callDesign.notices.newDeadlineHint", { zone: timeZoneLabel(call.timeZone, t.locale) })}
                defaultValue={extension.values.newDeadline ?? deadlines.find((d) => d.field === selectedDeadline)?.local ?? ""}
                errors={extension.errors?.newDeadline}
              />
              <CallTextarea name="reasonEn" label={t("callDesign.notices.reasonEn")} hint={t("callDesign.notices.reasonHint")} lang="en" rows={3} defaultValue={extension.values.reasonEn ?? ""} errors={extension.errors?.reasonEn} />
              <CallTextarea name="reasonFr" label={t("callDesign.notices.reasonFr")} lang="fr" rows={3} defaultValue={extension.values.reasonFr ?? ""} errors={extension.errors?.reasonFr} />
              <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
                {t("callDesign.notices.extend")}
              </button>
            </Form>
          </section>

          <section aria-labelledby="clarification-title" className="card">
            <h2 id="clarification-title">{t("callDesign.notices.clarificationTitle")}</h2>
            <p className="muted">{t("callDesign.notices.clarificationIntro")}</p>
            <ErrorSummary
              errors={clarification.errors}
              labels={{ textEn: t("callDesign.notices.textEn"), textFr: t("callDesign.notices.textFr"), descriptionEn: t("callDesign.field.descriptionEn"), descriptionFr: t("callDesign.field.descriptionFr") }}
            />
            <Form method="post" noValidate className="form">
              <input type="hidden" name="_form" value="clarification" />
              <input type="hidden" name="version" value={call.version} />
              <CallTextarea name="textEn" label={t("callDesign.notices.textEn")} lang="en" rows={4} defaultValue={clarification.values.textEn ?? ""} errors={clarification.errors?.textEn} />
              <CallTextarea name="textFr" label={t("callDesign.notices.textFr")} lang="fr" rows={4} defaultValue={clarification.values.textFr ?? ""} errors={clarification.errors?.textFr} />
              <CallTextarea
                name="descriptionEn"
                label={t("callDesign.field.descriptionEn")}
                hint={t("callDesign.notices.descriptionHint")}
                lang="en"
                rows={6}
                defaultValue={clarification.values.descriptionEn ?? call.descriptionEn}
                errors={clarification.errors?.descriptionEn}
              />
              <CallTextarea name="descriptionFr" label={t("callDesign.field.descriptionFr")} lang="fr" rows={6} defaultValue={clarification.values.descriptionFr ?? call.descriptionFr} errors={clarification.errors?.descriptionFr} />
              <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
                {t("callDesign.notices.publishClarification")}
              </button>
            </Form>
          </section>
        </div>
      ) : (
        <p className="notice notice--warning" role="note">
          {acceptsNoticesText(t, call.state)}
        </p>
      )}

      <CallNotices notices={notices} timeZone={call.timeZone} headingId="notice-list-title" />
    </article>
  );
}

function acceptsNoticesText(t: ReturnType<typeof useT>, state: string): string {
  return state === "draft" ? t("callDesign.notices.draftNote") : t("callDesign.error.noticeState");
}
