// The declaration of impartiality and confidentiality an assessor signs once per call before
// seeing any of its proposals. The exact text signed is stored with its version, so a later
// change of wording never rewrites what someone agreed to: bump DECLARATION_VERSION with
// every change of either language. Pure: no I/O.
import type { Locale } from "~/utils/i18n.ts";

export const DECLARATION_VERSION = "2026-01";

export interface DeclarationText {
  title: string;
  paragraphs: readonly string[];
}

export const DECLARATION_TEXTS: Record<Locale, DeclarationText> = {
  en: {
    title: "Declaration of impartiality and confidentiality",
    paragraphs: [
      "I agree to take part in the evaluation of the proposals submitted to this call for proposals.",
      "Impartiality. I declare that, to the best of my knowledge, I have no conflict of interest with any applicant, co-applicant or partner of a proposal I am asked to assess: I have not helped to prepare a proposal, I do not work for or advise an applicant, I have no family, financial or professional tie with one, and I stand to gain or lose nothing from the outcome. If such a situation exists or arises during the evaluation, I will declare it at once for the proposal concerned and stop assessing it.",
      "I will assess each proposal on its merits alone, against the published criteria, and give a written justification for every score. I will not accept instructions, gifts or favours from anyone concerning the evaluation.",
      "Confidentiality. I will keep confidential everything I learn through the evaluation: the proposals, their documents, the identity of the applicants where it is hidden from me, the scores and the deliberations. I will use this information only for the evaluation, not copy or share it, and delete any copy I made once the evaluation is over.",
      "I understand that a breach of this declaration leads to my exclusion from the evaluation and may have further consequences.",
    ],
  },
  fr: {
    title: "Déclaration d’impartialité et de confidentialité",
    paragraphs: [
      "J’accepte de participer à l’évaluation des propositions soumises à cet appel à propositions.",
      "Impartialité. Je déclare qu’à ma connaissance je n’ai aucun conflit d’intérêts avec un demandeur, un codemandeur ou un partenaire d’une proposition que l’on me demande d’évaluer : je n’ai pas aidé à préparer une proposition, je ne travaille pas pour un demandeur et ne le conseille pas, je n’ai avec lui aucun lien familial, financier ou professionnel, et je n’ai rien à gagner ni à perdre du résultat. Si une telle situation existe ou survient pendant l’évaluation, je la déclarerai aussitôt pour la proposition concernée et cesserai de l’évaluer.",
      "J’évaluerai chaque proposition sur ses seuls mérites, au regard des critères publiés, et justifierai chaque note par écrit. Je n’accepterai d’instructions, de cadeaux ni de faveurs de quiconque au sujet de l’évaluation.",
      "Confidentialité. Je garderai confidentiel tout ce que j’apprends au cours de l’évaluation : les propositions, leurs documents, l’identité des demandeurs lorsqu’elle m’est cachée, les notes et les délibérations. Je n’utiliserai ces informations que pour l’évaluation, ne les copierai ni ne les partagerai, et supprimerai toute copie faite une fois l’évaluation terminée.",
      "Je comprends qu’un manquement à cette déclaration entraîne mon exclusion de l’évaluation et peut avoir d’autres conséquences.",
    ],
  },
};

/** The declaration as one text, as it is stored with the signature. */
export function declarationText(locale: Locale): string {
  const d = DECLARATION_TEXTS[locale];
  return [d.title, ...d.paragraphs].join("\n\n");
}
