// /manage/calls/:callId/edit (grant managers): the whole call form, in sections. A draft can
// be saved at any moment, complete or not; what cannot be read comes back with a message on
// its field and everything typed kept. Add/remove buttons work with and without JavaScript.
// A published call is not edited here: it changes only through notices.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CALL_FORM_SECTIONS, CallForm } from "~/components/CallForm.tsx";
import { CallProblems, fieldLabels } from "~/components/CallProblems.tsx";
import { CallTabs } from "~/components/CallTabs.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { CallFormSchema, applyFormIntent, callToFormValues, formDataToValues, gridToValues, parseFormIntent, type CallFormValues } from "~/modules/calls/call-schema.ts";
import { callStateLabel } from "~/modules/calls/catalogue.server.ts";
import { callFormOptions, callProblems, getCallForDesign, loadDefaultGrids, requireCallStaff, saveDraft } from "~/modules/calls/design.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm, type FieldErrors } from "~/utils/route.server.ts";

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  const t = translator(locale);
  return [{ title: pageTitle(locale, loaded ? t("callDesign.edit.title", { reference: loaded.call.reference }) : t("callDesign.list.title")) }];
};

/** Every IANA zone this server knows, UTC first. */
function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["Europe/Vienna"];
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireCallStaff(actor, "update");
  const locale = resolveLocale(request, user);
  const call = await getCallForDesign(actor, params.callId ?? "");
  const editable = call.state === "draft";
  const [options, grids, problems] = editable ? await Promise.all([callFormOptions(locale), loadDefaultGrids(), callProblems(call)]) : [null, null, []];
  return {
    call: { id: call.id, reference: call.reference, title: pick(call, "title", locale), state: call.state, stateLabel: callStateLabel(call.state, locale, "staff"), version: call.version },
    editable,
    values: editable ? callToFormValues(call) : null,
    options,
    timeZones: editable ? timeZones() : [],
    defaults: grids ? { conceptNoteGrid: grids.conceptNoteGrid ? gridToValues(grids.conceptNoteGrid, "dcn") : null, fullApplicationGrid: grids.fullApplicationGrid ? gridToValues(grids.fullApplicationGrid, "dfa") : null } : null,
    problems,
  };
});

type ActionResult = { kind: "rows" | "invalid" | "refused"; values: CallFormValues; fieldErrors: FieldErrors; version: number | null; nonce: string };

const nonce = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireCallStaff(actor, "update");
  const callId = params.callId ?? "";
  const form = await readForm(request);
  const values = formDataToValues(form);

  // Add/remove buttons without JavaScript: change the rows, save nothing, show the form again.
  const intent = parseFormIntent(form.get("intent"));
  if (intent) {
    const defaults = intent.type === "default-grid" ? await loadDefaultGrids() : {};
    return data<ActionResult>({ kind: "rows", values: applyFormIntent(values, intent, defaults), fieldErrors: {}, version: null, nonce: nonce() });
  }

  const parsed = parseWith(form, CallFormSchema);
  if (!parsed.ok) {
    const { version: versionErrors, ...fieldErrors } = parsed.fieldErrors;
    const errors = versionErrors ? { form: versionErrors, ...fieldErrors } : fieldErrors;
    return data<ActionResult>({ kind: "invalid", values, fieldErrors: errors, version: null, nonce: nonce() }, { status: 400 });
  }
  try {
    await saveDraft(actor, callId, parsed.data, parsed.data.version, { ipAddress: clientAddress(request) });
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused")) {
      // The user's values stay in the form. After a conflict the form carries the latest
      // version, so that saving again (knowingly) replaces the other person's changes.
      const latest = error.code === "conflict" ? ((await getCallForDesign(actor, callId)).version ?? null) : null;
      return data<ActionResult>({ kind: "refused", values, fieldErrors: { form: [error.message] }, version: latest, nonce: nonce() }, { status: error.status });
    }
    throw error;
  }
  return redirect(`/manage/calls/${callId}/edit?saved=1`);
});

export default function EditCall() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const { call } = loaded;
  const busy = navigation.state === "submitting";

  if (!loaded.editable || !loaded.values || !loaded.options || !loaded.defaults) {
    return (
      <article aria-labelledby="edit-title">
        <CallTabs callId={call.id} state={call.state} current="edit" canEdit />
        <h1 id="edit-title">{t("callDesign.edit.title", { reference: call.reference })}</h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
        <p className="notice notice--warning" role="note">
          {t("callDesign.error.notDraft")}
        </p>
        {call.state === "published" || call.state === "open" ? (
          <p>
            <Link to={`/manage/calls/${call.id}/notices`} className="button">
              {t("callDesign.overview.noticesLink")}
            </Link>
          </p>
        ) : null}
      </article>
    );
  }

  const values = actionData?.values ?? loaded.values;
  const errors = actionData?.fieldErrors ?? {};
  const version = actionData?.version ?? call.version;
  const formKey = actionData?.nonce ?? `v${call.version}`;
  const saved = params.get("saved") === "1" && !actionData;
  const created = params.get("created") === "1" && !actionData;

  return (
    <article aria-labelledby="edit-title" className="call-edit">
      <CallTabs callId={call.id} state={call.state} current="edit" canEdit />
      <header className="page-header">
        <p className="muted">{t("common.labelled", { label: t("call.reference"), value: call.reference })}</p>
        <h1 id="edit-title">{t("callDesign.edit.title", { reference: call.reference })}</h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
        <p className="muted">{t("callDesign.edit.intro")}</p>
      </header>

      {saved ? (
        <p className="notice" role="status">
          {t("callDesign.edit.saved")} <Link to={`/manage/calls/${call.id}`}>{t("callDesign.edit.toOverview")}</Link>
        </p>
      ) : null}
      {created ? (
        <p className="notice" role="status">
          {t("callDesign.edit.created", { reference: call.reference })}
        </p>
      ) : null}
      {actionData?.kind === "rows" ? (
        <p className="notice notice--warning" role="status">
          {t("callDesign.edit.rowsChanged")}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={fieldLabels(t, Object.keys(errors))} />

      <details className="call-edit__problems" open={loaded.problems.length > 0 && loaded.problems.length <= 8}>
        <summary>{loaded.problems.length ? t("callDesign.problems.title", { count: loaded.problems.length }) : t("callDesign.problems.noneTitle")}</summary>
        <CallProblems problems={loaded.problems} editHref="" headingLevel={3} />
      </details>

      <nav className="call-edit__toc" aria-label={t("callDesign.edit.sections")}>
        <ul>
          {CALL_FORM_SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{t(`callDesign.section.${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="post" noValidate key={formKey} className="call-edit__form">
        {/* Pressing Enter in a field saves: this first submit button is the form's default. */}
        <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("callDesign.edit.save")}
        </button>
        <input type="hidden" name="version" value={version} />
        <CallForm values={values} options={loaded.options} timeZones={loaded.timeZones} defaults={loaded.defaults} errors={errors} />
        <div className="call-edit__save">
          <button type="submit" name="intent" value="save" className="button" disabled={busy} aria-disabled={busy}>
            {t("callDesign.edit.save")}
          </button>
          <span className="muted">{t("callDesign.edit.saveHint")}</span>
        </div>
      </Form>
    </article>
  );
}
