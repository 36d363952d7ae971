// Edit one section of a proposal. Autosaves as you type (AutosaveForm); without JavaScript
// the Save button posts the same form. A save over someone else's newer save is refused with
// a conflict message, and what was typed stays in the form.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { AutosaveForm } from "~/components/AutosaveForm.tsx";
import { BudgetTable } from "~/components/BudgetTable.tsx";
import { ProposalNav } from "~/components/ProposalNav.tsx";
import { ProposalSectionFields, type SectionOptions } from "~/components/ProposalSectionFields.tsx";
import { sectionName } from "~/components/ProposalProblems.tsx";
import { computeBudget } from "~/modules/applications/budget.ts";
import { saveSection, type LoadedProposal } from "~/modules/applications/editor.server.ts";
import { formToObject, isSectionKey, sectionOf, sectionsFor, toFormValues, type SectionKey } from "~/modules/applications/proposal-schema.ts";
import { proposalHeader } from "~/modules/applications/proposals.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import stylesheet from "~/styles/proposal.css?url";
import { db } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, readForm, readVersion } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = localeFromMatches(matches);
  const t = translator(locale);
  return [{ title: pageTitle(locale, d ? `${sectionName(t, d.section)} · ${d.header.reference}` : undefined) }];
};

// An autosave answers the fetcher; the page keeps what is typed, so nothing needs reloading.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  const { proposal, content, view } = await proposalHeader(toActor(user), params.proposalId ?? "", locale);
  const section = params.section ?? "";
  if (!isSectionKey(section, content.stage)) throw new AppError("not_found", "errors.notFound");
  const call = proposal.call;
  const options = await sectionOptions(section, call, locale, proposal.organisationId);
  const keys = sectionsFor(content.stage);
  const next = keys[keys.indexOf(section) + 1] ?? "submit";
  const budget = sectionOf(content, "budget");
  let totals = null;
  try {
    totals = section === "budget" ? computeBudget(budget.lines, budget.requestedAmountCents ?? 0, call) : null;
  } catch {
    totals = null;
  }
  return {
    header: view,
    section,
    next,
    values: toFormValues(section, sectionOf(content, section)),
    options,
    totals,
    limits: { maxIndirectCostBp: call.maxIndirectCostBp, maxCofinancingBp: call.maxCofinancingBp, minGrantCents: call.minGrantCents, maxGrantCents: call.maxGrantCents, minDurationMonths: call.minDurationMonths, maxDurationMonths: call.maxDurationMonths },
  };
});

async function sectionOptions(section: SectionKey, call: LoadedProposal["call"], locale: "en" | "fr", ownOrganisationId: string): Promise<SectionOptions> {
  const named = (rows: { code: string; nameEn: string; nameFr: string }[]) => rows.map((r) => ({ code: r.code, name: pick(r, "name", locale) }));
  const out: SectionOptions = { domains: [], cadiz: [], countries: [], types: [], organisations: [] };
  if (section === "domains") {
    out.domains = named(await db().jvapDomain.findMany({ where: { code: { in: call.jvapDomainCodes } }, orderBy: { rank: "asc" } }));
    out.cadiz = named(await db().cadizObjective.findMany({ where: { code: { in: call.cadizObjectiveCodes } }, orderBy: { code: "asc" } }));
  }
  if (section === "countries" || section === "partners") {
    out.countries = named(await db().country.findMany({ orderBy: { nameEn: "asc" } })).sort((a, b) => a.name.localeCompare(b.name, locale));
  }
  if (section === "partners") {
    out.types = named(await db().applicantType.findMany({ orderBy: { rank: "asc" } }));
    const orgs = await db().organisation.findMany({ where: { id: { not: ownOrganisationId } }, select: { id: true, legalName: true, countryCode: true }, orderBy: { legalName: "asc" } });
    out.organisations = orgs.map((o) => ({ code: o.id, name: `${o.legalName} (${o.countryCode})` }));
  }
  return out;
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const proposalId = params.proposalId ?? "";
  const section = params.section ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "save");
  const version = readVersion(form) ?? Number.NaN;
  const raw = formToObject(form);
  if (!Number.isSafeInteger(version)) return data({ ok: false as const, fieldErrors: { form: ["errors.badForm"] }, values: raw }, { status: 400 });
  try {
    const result = await saveSection(actor, proposalId, section, raw, version, { ipAddress: clientAddress(request), origin: appOrigin(request) });
    if (!result.ok) return data({ ok: false as const, fieldErrors: result.fieldErrors, values: raw }, { status: 400 });
    if (intent === "autosave") return { ok: true as const, version: result.version, savedAt: result.savedAt };
    const next = String(form.get("next") ?? "");
    if (intent === "next" && /^[a-z]+$/.test(next)) return redirect(`/proposals/${proposalId}/${next}`);
    return redirect(`/proposals/${proposalId}/${section}?saved=1`);
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") {
      return data({ ok: false as const, conflict: true, message: error.message, values: raw }, { status: 409 });
    }
    throw error;
  }
});

export default function EditSection() {
  const { header, section, next, values, options, totals, limits } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const [autosaveErrors, setAutosaveErrors] = useState<Record<string, string[]>>({});
  const posted = answer && "values" in answer ? (answer.values as Record<string, unknown>) : null;
  const fieldErrors = answer && "fieldErrors" in answer ? (answer.fieldErrors as Record<string, string[]>) : autosaveErrors;
  const conflict = !!(answer && "conflict" in answer && answer.conflict);
  return (
    <div className="proposal-layout">
      <aside>
        <ProposalNav proposalId={header.id} sections={header.sections} />
      </aside>
      <section aria-labelledby="section-title" className="proposal-main">
        <p className="breadcrumb">
          <Link to={`/proposals/${header.id}`}>← {t("proposals.edit.back")}</Link>
        </p>
        <header className="page-header">
          <p className="muted">
            {header.reference} · {t(`proposals.stage.${header.stage}`)}
          </p>
          <h1 id="section-title">{sectionName(t, section)}</h1>
        </header>
        {header.editable ? (
          <AutosaveForm
            key={`${section}-${header.version}-${conflict ? "conflict" : "ok"}`}
            version={header.version}
            timeZone={header.call.timeZone}
            initialStatus={conflict ? "conflict" : answer && "fieldErrors" in answer ? "invalid" : null}
            onFieldErrors={setAutosaveErrors}
            nextHref={next}
          >
            <input type="hidden" name="next" value={next} />
            <ProposalSectionFields section={section} values={(posted ?? values) as Record<string, unknown>} options={options} errors={fieldErrors} limits={limits} />
          </AutosaveForm>
        ) : (
          <>
            <p className="notice">{t("proposals.edit.readOnly")}</p>
            <fieldset disabled>
              <ProposalSectionFields section={section} values={values as Record<string, unknown>} options={options} errors={{}} limits={limits} />
            </fieldset>
          </>
        )}
        {totals ? <BudgetTable totals={totals} maxIndirectCostBp={limits.maxIndirectCostBp} maxCofinancingBp={limits.maxCofinancingBp} /> : null}
      </section>
    </div>
  );
}
