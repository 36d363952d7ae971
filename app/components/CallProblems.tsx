// What still stops a call from being published (validateCall), as a list of links to the
// fields to fix, each in the manager's language and placed in its part of the form.
import { fieldId } from "~/components/Field.tsx";
import type { CallProblem } from "~/modules/calls/validation.ts";
import { useT, type MessageKey, type Translate } from "~/utils/i18n.ts";

const TOP_LABELS: Record<string, MessageKey> = {
  titleEn: "callDesign.field.titleEn",
  titleFr: "callDesign.field.titleFr",
  descriptionEn: "callDesign.field.descriptionEn",
  descriptionFr: "callDesign.field.descriptionFr",
  procedure: "callDesign.field.procedure",
  dialogueCodes: "callDesign.field.dialogues",
  jvapDomainCodes: "callDesign.field.jvapDomains",
  crossCuttingAllowed: "callDesign.field.crossCutting",
  cadizObjectiveCodes: "callDesign.field.cadiz",
  applicantTypeCodes: "callDesign.field.applicantTypes",
  leadLocations: "callDesign.field.leadLocations",
  targetMaxCountries: "callDesign.field.maxCountries",
  targetMinAuCountries: "callDesign.field.minAuCountries",
  allowedCountryCodes: "callDesign.field.allowedCountries",
  allowAlone: "callDesign.field.allowAlone",
  maxCoApplicants: "callDesign.field.maxCoApplicants",
  exactCoApplicants: "callDesign.field.exactCoApplicants",
  euLeadNeedsAuCoApplicant: "callDesign.field.euLeadNeedsAu",
  diasporaExempt: "callDesign.field.diasporaExempt",
  totalBudget: "callDesign.field.totalBudget",
  minGrant: "callDesign.field.minGrant",
  maxGrant: "callDesign.field.maxGrant",
  maxCofinancing: "callDesign.field.maxCofinancing",
  maxIndirectCost: "callDesign.field.maxIndirectCost",
  minDurationMonths: "callDesign.field.minDuration",
  maxDurationMonths: "callDesign.field.maxDuration",
  timeZone: "callDesign.field.timeZone",
  conceptNoteDeadline: "callDesign.field.conceptNoteDeadline",
  fullApplicationDeadline: "callDesign.field.fullApplicationDeadline",
  assessorsPerProposal: "callDesign.field.assessors",
  divergenceThreshold: "callDesign.field.divergence",
  shortlistBudgetMultiple: "callDesign.field.shortlistMultiple",
  blindReview: "callDesign.field.blindReview",
  version: "callDesign.field.version",
  conceptNoteGrid: "callDesign.grid.conceptNote",
  fullApplicationGrid: "callDesign.grid.fullApplication",
};

const PART_LABELS: Record<string, MessageKey> = {
  code: "callDesign.field.code",
  nameEn: "callDesign.field.nameEn",
  nameFr: "callDesign.field.nameFr",
  stage: "callDesign.field.stage",
  required: "callDesign.field.required",
  max: "callDesign.grid.max",
  weight: "callDesign.grid.weight",
  minimum: "callDesign.grid.minimum",
  rejectIfAnyCriterionScores: "callDesign.grid.knockOut",
  carriedFromConceptNote: "callDesign.grid.carried",
  passMark: "callDesign.grid.passMark",
};

/**
 * Words for a form field name: "Total budget", "Full application grid › section 2 ›
 * criterion 3 › Weight", "Required documents › row 2 › Code".
 */
export function describeField(t: Translate, field: string): string {
  const top = TOP_LABELS[field];
  if (top) return t(top);
  const parts = field.split(".");
  const words: string[] = [];
  const [head, ...rest] = parts;
  if (head === "documents") words.push(t("callDesign.section.documents"));
  else if (head && TOP_LABELS[head]) words.push(t(TOP_LABELS[head]!));
  else if (head) words.push(head);
  for (let i = 0; i < rest.length; i++) {
    const part = rest[i]!;
    const next = rest[i + 1];
    if (part === "sections" && next !== undefined) {
      words.push(t("callDesign.grid.sectionN", { n: Number(next) + 1 }));
      i++;
    } else if (part === "criteria" && next !== undefined) {
      words.push(t("callDesign.grid.criterionN", { n: Number(next) + 1 }));
      i++;
    } else if (/^\d+$/.test(part)) {
      words.push(t("callDesign.documents.rowN", { n: Number(part) + 1 }));
    } else {
      const key = PART_LABELS[part];
      words.push(key ? t(key) : part);
    }
  }
  return words.join(" › ");
}

/** Labels for every field an error summary may link to. */
export function fieldLabels(t: Translate, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, describeField(t, f)]));
}

export interface CallProblemsProps {
  problems: readonly CallProblem[];
  /** Where the fields are: "" on the edit page itself, else the edit page's address. */
  editHref: string;
  headingLevel?: 2 | 3;
}

export function CallProblems({ problems, editHref, headingLevel = 2 }: CallProblemsProps) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  if (problems.length === 0) {
    return (
      <div className="notice call-ready" role="status">
        <Heading className="call-problems__title">{t("callDesign.problems.noneTitle")}</Heading>
        <p>{t("callDesign.problems.none")}</p>
      </div>
    );
  }
  return (
    <div className="call-problems notice notice--warning" aria-labelledby="call-problems-title">
      <Heading id="call-problems-title" className="call-problems__title">
        {t("callDesign.problems.title", { count: problems.length })}
      </Heading>
      <p>{t("callDesign.problems.intro")}</p>
      <ul>
        {problems.map((p, i) => {
          const where = describeField(t, p.field);
          const message = t(p.messageKey, p.params);
          return (
            <li key={`${p.field}-${p.messageKey}-${i}`} data-field={p.field}>
              <a href={`${editHref}#${fieldId(p.field)}`}>{t("common.labelled", { label: where, value: message })}</a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
