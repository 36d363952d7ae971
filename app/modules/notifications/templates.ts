// Every email in English and French. A template is a function of its parameters per
// locale; the French and English sets must have the same templates (typed).
import { escapeHtml } from "~/utils/html.ts";
export type Locale = "en" | "fr";

export interface EmailContent {
  subject: string;
  text: string;
}

type Templates = {
  verifyEmail: { name: string; link: string };
  resetPassword: { name: string; link: string };
  passwordChanged: { name: string };
  twoFactorDisabled: { name: string };
  staffInvitation: { inviter: string; role: string; link: string };
  organisationInvitation: { inviter: string; organisation: string; link: string };
  coApplicantInvitation: { inviter: string; organisation: string; proposal: string; call: string; link: string };
  proposalStatusChanged: { reference: string; proposal: string; status: string; next: string; reason: string; link: string };
  accountExists: { name: string; link: string };
  proposalSubmitted: { name: string; reference: string; title: string; submittedAt: string };
  evaluationReturned: { name: string; reference: string; reason: string; link: string };
  reassignmentNeeded: { reference: string; assessor: string; reason: string; link: string };
  reportDueSoon: { grant: string; report: string; dueDate: string; link: string };
  reportOverdue: { grant: string; report: string; dueDate: string; link: string };
  reportChangesRequested: { grant: string; report: string; reason: string; link: string };
  reportApproved: { grant: string; report: string; link: string };
  grantStatusChanged: { grant: string; reference: string; status: string; next: string; reason: string; link: string };
};
export type TemplateName = keyof Templates;
export type TemplateParams<T extends TemplateName> = Templates[T];

const ROLE_NAMES: Record<Locale, Record<string, string>> = {
  en: { EVALUATOR: "evaluator", GRANT_MANAGER: "grant manager", ADMIN: "administrator", APPLICANT: "applicant" },
  fr: { EVALUATOR: "évaluateur·rice", GRANT_MANAGER: "gestionnaire de subventions", ADMIN: "administrateur·rice", APPLICANT: "candidat·e" },
};

const SIGNATURE: Record<Locale, string> = {
  en: "\n\n-- \nThe grants team",
  fr: "\n\n-- \nL'équipe des subventions",
};

const TEMPLATES: { [L in Locale]: { [T in TemplateName]: (p: Templates[T]) => EmailContent } } = {
  en: {
    verifyEmail: (p) => ({
      subject: "Confirm your email address",
      text: `Hello ${p.name},\n\nPlease confirm your email address to finish creating your account:\n\n${p.link}\n\nThe link works once and expires in 48 hours. If you did not create an account, ignore this email.`,
    }),
    resetPassword: (p) => ({
      subject: "Reset your password",
      text: `Hello ${p.name},\n\nSomeone asked to reset the password of your account. To choose a new password, open:\n\n${p.link}\n\nThe link works once and expires in one hour. If it was not you, ignore this email: your password stays the same.`,
    }),
    passwordChanged: (p) => ({
      subject: "Your password was changed",
      text: `Hello ${p.name},\n\nThe password of your account was just changed, and your other sessions were signed out. If this was not you, reset your password at once and tell the grants team.`,
    }),
    twoFactorDisabled: (p) => ({
      subject: "Two-factor sign-in was turned off",
      text: `Hello ${p.name},\n\nTwo-factor sign-in was just turned off for your account: signing in now needs only your password. If this was not you, reset your password at once and tell the grants team.`,
    }),
    staffInvitation: (p) => ({
      subject: "You are invited to the grants platform",
      text: `Hello,\n\n${p.inviter} invites you to join the grants platform as ${ROLE_NAMES.en[p.role] ?? p.role}. To accept and choose your password, open:\n\n${p.link}\n\nThe invitation expires in 7 days.`,
    }),
    proposalStatusChanged: (p) => ({
      subject: `Your proposal ${p.reference}: ${p.status}`,
      text: `Hello,\n\nThe status of your proposal "${p.proposal}" (${p.reference}) is now: ${p.status}.${p.reason ? `\n\nReason given: ${p.reason}` : ""}\n\nWhat happens next: ${p.next}\n\nFollow your proposal here:\n\n${p.link}`,
    }),
    coApplicantInvitation: (p) => ({
      subject: `${p.organisation} names you as co-applicant`,
      text: `Hello,\n\n${p.inviter} of ${p.organisation} has named your organisation as co-applicant of the proposal "${p.proposal}" for the call ${p.call}. To take part, register your organisation on the grants platform:\n\n${p.link}\n\nIf you do not know this organisation, ignore this email.`,
    }),
    organisationInvitation: (p) => ({
      subject: `Join ${p.organisation} on the grants platform`,
      text: `Hello,\n\n${p.inviter} invites you to work with ${p.organisation} on its grant proposals. To accept, open:\n\n${p.link}\n\nThe invitation expires in 7 days.`,
    }),
    accountExists: (p) => ({
      subject: "Someone tried to create an account with your email address",
      text: `Hello ${p.name},\n\nSomeone, perhaps you, tried to create a new account on the grants platform with this email address. You already have an account, so nothing was created and nothing has changed. To sign in, open:\n\n${p.link}\n\nIf it was not you, you can ignore this email.`,
    }),
    proposalSubmitted: (p) => ({
      subject: `Proposal ${p.reference} received`,
      text: `Hello ${p.name},\n\nWe received your proposal "${p.title}" on ${p.submittedAt}. Its reference number is ${p.reference}: please quote it whenever you write to us.\n\nWe will first check that it is complete. You can follow its progress, and print a copy of what you submitted, from your dashboard on the grants platform.`,
    }),
    evaluationReturned: (p) => ({
      subject: `Evaluation of ${p.reference} returned for revision`,
      text: `Hello ${p.name},\n\nThe grant manager has returned your evaluation of proposal ${p.reference} for revision.\n\nReason given: ${p.reason}\n\nRevise it and submit it again here:\n\n${p.link}`,
    }),
    reassignmentNeeded: (p) => ({
      subject: `Proposal ${p.reference}: an assessor withdrew (conflict of interest)`,
      text: `Hello,\n\n${p.assessor} declared a conflict of interest on proposal ${p.reference} and no longer assesses it.\n\nReason given: ${p.reason}\n\nPlease assign another assessor here:\n\n${p.link}`,
    }),
    reportDueSoon: (p) => ({
      subject: `${p.report} due on ${p.dueDate}`,
      text: `Hello,\n\nA reminder that the ${p.report} of your grant "${p.grant}" is due on ${p.dueDate}. Write and submit it here:\n\n${p.link}`,
    }),
    reportOverdue: (p) => ({
      subject: `Overdue: ${p.report}`,
      text: `Hello,\n\nThe ${p.report} of your grant "${p.grant}" was due on ${p.dueDate} and has not been submitted. Please submit it as soon as possible; payments wait for it, and a missing final report can lead to termination of the grant.\n\n${p.link}`,
    }),
    reportChangesRequested: (p) => ({
      subject: `Changes requested: ${p.report}`,
      text: `Hello,\n\nThe grant manager has reviewed the ${p.report} of your grant "${p.grant}" and asks for changes.\n\nWhat must change: ${p.reason}\n\nPlease send the changed report within 30 days:\n\n${p.link}`,
    }),
    reportApproved: (p) => ({
      subject: `Approved: ${p.report}`,
      text: `Hello,\n\nThe ${p.report} of your grant "${p.grant}" is approved. Where it releases a payment, the amount is shown on the grant's page:\n\n${p.link}`,
    }),
    grantStatusChanged: (p) => ({
      subject: `Your grant ${p.reference}: ${p.status}`,
      text: `Hello,\n\nThe status of your grant "${p.grant}" (${p.reference}) is now: ${p.status}.${p.reason ? `\n\nReason given: ${p.reason}` : ""}\n\nWhat happens next: ${p.next}\n\n${p.link}`,
    }),
  },
  fr: {
    verifyEmail: (p) => ({
      subject: "Confirmez votre adresse e-mail",
      text: `Bonjour ${p.name},\n\nVeuillez confirmer votre adresse e-mail pour terminer la création de votre compte :\n\n${p.link}\n\nLe lien ne fonctionne qu'une fois et expire dans 48 heures. Si vous n'avez pas créé de compte, ignorez cet e-mail.`,
    }),
    resetPassword: (p) => ({
      subject: "Réinitialisez votre mot de passe",
      text: `Bonjour ${p.name},\n\nQuelqu'un a demandé la réinitialisation du mot de passe de votre compte. Pour choisir un nouveau mot de passe, ouvrez :\n\n${p.link}\n\nLe lien ne fonctionne qu'une fois et expire dans une heure. Si ce n'était pas vous, ignorez cet e-mail : votre mot de passe reste inchangé.`,
    }),
    passwordChanged: (p) => ({
      subject: "Votre mot de passe a été modifié",
      text: `Bonjour ${p.name},\n\nLe mot de passe de votre compte vient d'être modifié et vos autres sessions ont été fermées. Si ce n'était pas vous, réinitialisez immédiatement votre mot de passe et prévenez l'équipe des subventions.`,
    }),
    twoFactorDisabled: (p) => ({
      subject: "La connexion à deux facteurs a été désactivée",
      text: `Bonjour ${p.name},\n\nLa connexion à deux facteurs vient d'être désactivée pour votre compte : la connexion ne demande plus que votre mot de passe. Si ce n'était pas vous, réinitialisez immédiatement votre mot de passe et prévenez l'équipe des subventions.`,
    }),
    staffInvitation: (p) => ({
      subject: "Vous êtes invité·e sur la plateforme des subventions",
      text: `Bonjour,\n\n${p.inviter} vous invite à rejoindre la plateforme des subventions en tant que ${ROLE_NAMES.fr[p.role] ?? p.role}. Pour accepter et choisir votre mot de passe, ouvrez :\n\n${p.link}\n\nL'invitation expire dans 7 jours.`,
    }),
    proposalStatusChanged: (p) => ({
      subject: `Votre proposition ${p.reference} : ${p.status}`,
      text: `Bonjour,\n\nLe statut de votre proposition « ${p.proposal} » (${p.reference}) est désormais : ${p.status}.${p.reason ? `\n\nMotif indiqué : ${p.reason}` : ""}\n\nLa suite : ${p.next}\n\nSuivez votre proposition ici :\n\n${p.link}`,
    }),
    coApplicantInvitation: (p) => ({
      subject: `${p.organisation} vous désigne comme codemandeur`,
      text: `Bonjour,\n\n${p.inviter}, de ${p.organisation}, a désigné votre organisation comme codemandeur de la proposition « ${p.proposal} » pour l'appel ${p.call}. Pour y participer, enregistrez votre organisation sur la plateforme des subventions :\n\n${p.link}\n\nSi vous ne connaissez pas cette organisation, ignorez cet e-mail.`,
    }),
    organisationInvitation: (p) => ({
      subject: `Rejoignez ${p.organisation} sur la plateforme des subventions`,
      text: `Bonjour,\n\n${p.inviter} vous invite à travailler avec ${p.organisation} sur ses propositions. Pour accepter, ouvrez :\n\n${p.link}\n\nL'invitation expire dans 7 jours.`,
    }),
    accountExists: (p) => ({
      subject: "Quelqu'un a essayé de créer un compte avec votre adresse e-mail",
      text: `Bonjour ${p.name},\n\nQuelqu'un, peut-être vous, a essayé de créer un nouveau compte sur la plateforme des subventions avec cette adresse e-mail. Vous avez déjà un compte : rien n'a été créé et rien n'a changé. Pour vous connecter, ouvrez :\n\n${p.link}\n\nSi ce n'était pas vous, vous pouvez ignorer cet e-mail.`,
    }),
    proposalSubmitted: (p) => ({
      subject: `Proposition ${p.reference} reçue`,
      text: `Bonjour ${p.name},\n\nNous avons reçu votre proposition « ${p.title} » le ${p.submittedAt}. Son numéro de référence est ${p.reference} : merci de le rappeler dans tous vos échanges avec nous.\n\nNous allons d'abord vérifier qu'elle est complète. Vous pouvez suivre son avancement, et imprimer une copie de ce que vous avez soumis, depuis votre tableau de bord sur la plateforme des subventions.`,
    }),
    evaluationReturned: (p) => ({
      subject: `Évaluation de ${p.reference} renvoyée pour révision`,
      text: `Bonjour ${p.name},\n\nLe gestionnaire a renvoyé votre évaluation de la proposition ${p.reference} pour révision.\n\nMotif indiqué : ${p.reason}\n\nRévisez-la et soumettez-la à nouveau ici :\n\n${p.link}`,
    }),
    reassignmentNeeded: (p) => ({
      subject: `Proposition ${p.reference} : un évaluateur s'est retiré (conflit d'intérêts)`,
      text: `Bonjour,\n\n${p.assessor} a déclaré un conflit d'intérêts sur la proposition ${p.reference} et ne l'évalue plus.\n\nMotif indiqué : ${p.reason}\n\nVeuillez désigner un autre évaluateur ici :\n\n${p.link}`,
    }),
    reportDueSoon: (p) => ({
      subject: `${p.report} à rendre le ${p.dueDate}`,
      text: `Bonjour,\n\nPour rappel, le ${p.report} de votre subvention « ${p.grant} » est à rendre le ${p.dueDate}. Rédigez-le et soumettez-le ici :\n\n${p.link}`,
    }),
    reportOverdue: (p) => ({
      subject: `En retard : ${p.report}`,
      text: `Bonjour,\n\nLe ${p.report} de votre subvention « ${p.grant} » était à rendre le ${p.dueDate} et n'a pas été soumis. Merci de le soumettre au plus vite ; les paiements l'attendent, et l'absence de rapport final peut conduire à la résiliation de la subvention.\n\n${p.link}`,
    }),
    reportChangesRequested: (p) => ({
      subject: `Modifications demandées : ${p.report}`,
      text: `Bonjour,\n\nLe gestionnaire a examiné le ${p.report} de votre subvention « ${p.grant} » et demande des modifications.\n\nCe qui doit changer : ${p.reason}\n\nMerci d'envoyer le rapport modifié sous 30 jours :\n\n${p.link}`,
    }),
    reportApproved: (p) => ({
      subject: `Approuvé : ${p.report}`,
      text: `Bonjour,\n\nLe ${p.report} de votre subvention « ${p.grant} » est approuvé. S'il déclenche un paiement, le montant figure sur la page de la subvention :\n\n${p.link}`,
    }),
    grantStatusChanged: (p) => ({
      subject: `Votre subvention ${p.reference} : ${p.status}`,
      text: `Bonjour,\n\nLe statut de votre subvention « ${p.grant} » (${p.reference}) est désormais : ${p.status}.${p.reason ? `\n\nMotif indiqué : ${p.reason}` : ""}\n\nLa suite : ${p.next}\n\n${p.link}`,
    }),
  },
};


export function renderEmail<T extends TemplateName>(template: T, locale: Locale, params: Templates[T]): EmailContent & { html: string } {
  const content = TEMPLATES[locale][template](params);
  const text = content.text + SIGNATURE[locale];
  // Links become clickable; everything else is escaped text.
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.5">${escapeHtml(text)
    .split("\n")
    .map((line) => (/^https?:\/\/\S+$/.test(line) ? `<a href="${line}">${line}</a>` : line))
    .join("<br>")}</body></html>`;
  return { subject: content.subject, text, html };
}

export const TEMPLATE_NAMES = Object.keys(TEMPLATES.en) as TemplateName[];
