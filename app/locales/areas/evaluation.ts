// Strings of the evaluation pages, English and French. French must have exactly English's keys.
export const evaluationEn = {
  "evaluation.title": "Evaluation",
  "evaluation.tabs.assignment": "Assessors",
  "evaluation.tabs.results": "Results",
  "evaluation.stage.label": "Stage",
  "evaluation.stage.CONCEPT_NOTE": "Concept notes",
  "evaluation.stage.FULL_APPLICATION": "Full applications",
  "evaluation.role.FURTHER": "further assessor",
  "evaluation.points": "{points} / {max} points",
  "evaluation.assign.title": "Assessors: {reference}",
  "evaluation.assign.startTitle": "Start the evaluation",
  "evaluation.assign.startHint":
    "The call is closed. Start the evaluation to assign assessors to the proposals that passed the administrative check.",
  "evaluation.assign.start": "Start the evaluation",
  "evaluation.assign.startFullTitle": "Full applications to evaluate",
  "evaluation.assign.startFullHint": "Submitted full applications waiting for their evaluation: {count}. Each is frozen as submitted; once passed to evaluation it can be assigned to assessors.",
  "evaluation.assign.startFull": "Start the full evaluation",
  "evaluation.assign.done.fullStarted": "The submitted full applications are now in evaluation.",
  "evaluation.assign.done.nothing": "Nothing was waiting: someone else has already done it.",
  "evaluation.assign.autoTitle": "Automatic assignment",
  "evaluation.assign.autoHint":
    "Each proposal gets {count} assessors, the least busy first, among {assessors} evaluators. Nobody gets a proposal of an organisation they belong to, or one they declared a conflict of interest on.",
  "evaluation.assign.sameCountryRule":
    "This call also keeps assessors away from proposals led from their own country.",
  "evaluation.assign.auto": "Assign automatically",
  "evaluation.assign.proposals": "{state}: {count} proposals",
  "evaluation.assign.none": "No proposal is being evaluated at this stage.",
  "evaluation.assign.needsReassignment":
    "An assessor withdrew: assign another one.",
  "evaluation.assign.noAssessor": "No assessor yet.",
  "evaluation.assign.caption": "Assessors of {reference}",
  "evaluation.assign.conflictReason": "Reason: {reason}",
  "evaluation.assign.reassign": "Reassign",
  "evaluation.assign.newAssessor": "New assessor",
  "evaluation.assign.reason": "Reason (kept in the history)",
  "evaluation.assign.reassignConfirm": "Reassign",
  "evaluation.assign.assessor": "Add an assessor",
  "evaluation.assign.choose": "Choose an evaluator",
  "evaluation.assign.assign": "Assign",
  "evaluation.assign.option": "{name} ({load} in this call)",
  "evaluation.assign.done.auto":
    "{created} assignments made; {unfilled} proposals still lack assessors.",
  "evaluation.assign.done.assigned": "The assessor was assigned.",
  "evaluation.assign.done.reassigned":
    "The evaluation was reassigned. The previous one stays in the history.",
  "evaluation.assign.done.started": "The evaluation has started.",
  "evaluation.exclusion.already_assigned": "already assessing it",
  "evaluation.exclusion.excluded": "conflict of interest or withdrawn",
  "evaluation.exclusion.applicant_organisation":
    "member of the applicant organisation",
  "evaluation.exclusion.same_country": "same country as the lead applicant",
  "evaluation.col.assessor": "Assessor",
  "evaluation.col.state": "State",
  "evaluation.col.why": "Why this assessor",
  "evaluation.col.actions": "Actions",
  "evaluation.col.criterion": "Criterion",
  "evaluation.col.score": "Score",
  "evaluation.col.justification": "Justification",
  "evaluation.col.rank": "Rank",
  "evaluation.col.proposal": "Proposal",
  "evaluation.col.organisation": "Organisation",
  "evaluation.col.amount": "Requested",
  "evaluation.col.totals": "Assessors' totals",
  "evaluation.col.mean": "Mean",
  "evaluation.col.spread": "Spread",
  "evaluation.col.outcome": "Outcome",
  "evaluation.view.title": "Evaluation of {reference} by {assessor}",
  "evaluation.view.back": "Assessors of the call",
  "evaluation.view.facts": "About this evaluation",
  "evaluation.view.proposal": "Proposal",
  "evaluation.view.total": "Total",
  "evaluation.view.submittedAt": "Submitted",
  "evaluation.view.returnReason": "Returned for revision because",
  "evaluation.view.conflictReason": "Conflict of interest declared because",
  "evaluation.view.returnTitle": "Return for revision",
  "evaluation.view.returnReasonLabel": "What should the assessor revise?",
  "evaluation.view.returnHint":
    "The assessor receives this by email and can change the scores and submit again.",
  "evaluation.view.return": "Return to the assessor",
  "evaluation.view.returned":
    "The evaluation was returned to the assessor, who has been emailed.",
  "evaluation.view.history": "History",
  "evaluation.results.title": "Results: {reference}",
  "evaluation.results.export": "Download the results as CSV (Excel)",
  "evaluation.results.ranking": "Ranked list",
  "evaluation.results.views": "What to show of the results",
  "evaluation.results.none":
    "No proposal has been evaluated at this stage yet.",
  "evaluation.results.submittedOf":
    "{count} of {required} evaluations submitted",
  "evaluation.results.done.consensus": "The consensus was recorded.",
  "evaluation.results.done.further":
    "A further assessor was assigned. The outcome waits for their evaluation.",
  "evaluation.results.done.awarded":
    "The award decision was recorded and the call is now awarded.",
  "evaluation.results.done.decision": "Done.",
  "evaluation.status.incomplete": "Waiting for evaluations",
  "evaluation.status.needs_moderation": "Waiting for moderation",
  "evaluation.status.scored": "Scored",
  "evaluation.outcome.passed": "Meets the thresholds",
  "evaluation.outcome.failed": "Does not meet the thresholds",
  "evaluation.rules.title": "How proposals are scored",
  "evaluation.rules.passMark":
    "A proposal needs at least {passMark} of {max} points.",
  "evaluation.rules.minimum":
    "Section {section} needs at least {minimum} points.",
  "evaluation.rules.knockOut":
    "A proposal is rejected if a criterion of section {section} scores {threshold} or less.",
  "evaluation.rules.carried":
    "Section {section} keeps the score of the concept note.",
  "evaluation.rules.max":
    "Maximum: {max} points. The final score is the mean of the assessors' totals.",
  "evaluation.reason.below_pass_mark":
    "The score of {score} is below the pass mark of {passMark} (out of {max}).",
  "evaluation.reason.section_below_minimum":
    "Section {section} scored {score}, below its minimum of {minimum}.",
  "evaluation.reason.knock_out":
    "Criterion {criterion} scored {score} on average, {threshold} or less rejects the proposal.",
  "evaluation.moderation.title": "Moderation",
  "evaluation.moderation.reason":
    "The assessors' totals ({a} and {b}) differ by {gap} of the maximum, more than the {threshold} allowed.",
  "evaluation.moderation.open": "Moderation open",
  "evaluation.moderation.consensus": "Moderated: consensus",
  "evaluation.moderation.further": "Moderated: further assessor",
  "evaluation.moderation.waiting":
    "The outcome of this proposal waits until the moderation is resolved.",
  "evaluation.moderation.consensusTitle": "Record a consensus",
  "evaluation.moderation.total": "Agreed total (0 to {max} points)",
  "evaluation.moderation.note": "Note: how the assessors agreed",
  "evaluation.moderation.recordConsensus": "Record the consensus",
  "evaluation.moderation.furtherTitle": "Or ask a further assessor",
  "evaluation.moderation.furtherAssessor": "Further assessor",
  "evaluation.moderation.addFurther": "Add the further assessor",
  "evaluation.moderation.consensusRecorded": "Consensus total: {total}. {note}",
  "evaluation.moderation.furtherAsked":
    "A further assessor was asked; the mean is over all the assessors.",
  "evaluation.chart.heading": "Assessors: severe or lenient?",
  "evaluation.chart.title":
    "Mean total given by each assessor compared with the mean of all assessors",
  "evaluation.chart.desc": "Mean of all assessors: {overall} of {max} points.",
  "evaluation.chart.row": "{name}: {mean} on average over {count} evaluations.",
  "evaluation.chart.overall": "all: {overall}",
  "evaluation.chart.tableCaption": "The chart's figures",
  "evaluation.chart.count": "Evaluations",
  "evaluation.chart.mean": "Mean total",
  "evaluation.chart.difference": "Difference from all",
  "evaluation.chart.empty": "No evaluation has been submitted yet.",
  "evaluation.decision.title": "Decisions",
  "evaluation.decision.notUnderEvaluation":
    "Decisions are taken while the call is under evaluation.",
  "evaluation.decision.preselectHint":
    "Concept notes that meet the thresholds go forward in rank order while the amounts requested stay within {multiple} times the budget of {budget}; their applicants are invited to send a full application. {waiting} concept notes are waiting.",
  "evaluation.decision.preselect": "Apply pre-selection",
  "evaluation.decision.selectHint":
    "Applications that meet the thresholds are provisionally selected in rank order while they fit in the budget of {budget}; the others that meet them go on the reserve list. {waiting} applications are waiting.",
  "evaluation.decision.select": "Select within budget",
  "evaluation.decision.scoreOf": "Score: {score} of {max}.",
  "evaluation.decision.reason.over_cut_off":
    "The concept note meets the thresholds but ranks beyond the shortlist (requests within {multiple} times the budget).",
  "evaluation.decision.reason.not_scored":
    "The concept note could not be scored.",
  "evaluation.decision.reason.below_pass_mark":
    "The concept note does not meet the thresholds.",
  "evaluation.decision.short.below_pass_mark": "below the thresholds",
  "evaluation.decision.short.over_cut_off": "beyond the shortlist cut-off",
  "evaluation.decision.short.not_scored": "not scored",
  "evaluation.decision.applied": "Proposals processed ({count}):",
  "evaluation.decision.appliedLine": "{reference}: {state}",
  "evaluation.decision.refusedLine": "{reference}: not changed ({message})",
  "evaluation.confirm.title": "Please confirm",
  "evaluation.confirm.preselect":
    "{reference}: shortlisted and invited to send a full application",
  "evaluation.confirm.notPreselect": "{reference}: not shortlisted ({why})",
  "evaluation.confirm.select": "{reference}: provisionally selected",
  "evaluation.confirm.reserve": "{reference}: reserve list",
  "evaluation.confirm.reject": "{reference}: rejected",
  "evaluation.confirm.eligibility.start":
    "{reference}: start the eligibility check",
  "evaluation.confirm.eligibility.confirm":
    "{reference}: eligible, the grant is awarded",
  "evaluation.confirm.eligibility.fail":
    "{reference}: not eligible ({reason}); the next fitting reserve applications are promoted",
  "evaluation.confirm.award":
    "Record the award decision with the current ranking; the call becomes awarded.",
  "evaluation.confirm.confirm": "Confirm",
  "evaluation.confirm.cancel": "Cancel",
  "evaluation.eligibility.title":
    "Eligibility check of the provisionally selected",
  "evaluation.eligibility.start": "Start the eligibility check",
  "evaluation.eligibility.confirm": "Eligible: award",
  "evaluation.eligibility.reason":
    "Why it is not eligible (the applicant is told)",
  "evaluation.eligibility.fail": "Not eligible",
  "evaluation.award.title": "Award decision",
  "evaluation.award.blocked":
    "Proposals still waiting for a step: {references}.",
  "evaluation.award.note": "Note for the record",
  "evaluation.award.record": "Record the award decision",
  "evaluation.award.history": "Decisions recorded",
  "evaluation.error.reasonRequired": "Give a reason.",
  "evaluation.error.tooLong": "This text is too long.",
  "evaluation.error.chooseAssessor": "Choose an evaluator.",
  "evaluation.error.totalNumber": "Enter the total as a whole number.",
  "evaluation.error.totalRange":
    "The total must be between 0 and the grid's maximum.",
  "evaluation.error.noteRequired": "Say how the assessors agreed.",
  "evaluation.error.callNotUnderEvaluation":
    "The call is not under evaluation.",
  "evaluation.error.notBeingEvaluated":
    "This proposal is not being evaluated at this stage.",
  "evaluation.error.notAnAssessor": "This person is not an active evaluator.",
  "evaluation.error.conflict":
    "Someone changed this meanwhile; reload and try again.",
  "evaluation.error.alreadyReplaced":
    "This assessor has already been replaced.",
  "evaluation.error.moderationResolved":
    "This moderation has already been resolved.",
  "evaluation.error.notRestricted":
    "Pre-selection is for restricted calls only.",
  "evaluation.error.notReady":
    "Some proposals are not scored yet: {references}.",
  "evaluation.error.notReadyList":
    "Some proposals are not scored yet (evaluations missing or moderation open): {references}.",
  "evaluation.error.awardBlocked":
    "Proposals still wait for a step: {references}.",
  "evaluation.outcome.title": "Assessment of your proposal",
  "evaluation.outcome.reasonGiven": "Reason given:",
  "evaluation.outcome.mean":
    "Your score: {mean} of {max} points (mean of the assessors).",
  "evaluation.outcome.passMark": "The pass mark is {passMark}.",
  "evaluation.outcome.consensus":
    "The assessors' scores differed widely; the score is the one they agreed on.",
  "evaluation.outcome.assessor": "Assessor {n}",
  "evaluation.outcome.assessorTotal": "Assessor {n}: {total}",
  "evaluation.outcome.sectionMean": "mean {mean}",
};

export const evaluationFr: {
  readonly [K in keyof typeof evaluationEn]: string;
} = {
  "evaluation.title": "Évaluation",
  "evaluation.tabs.assignment": "Évaluateurs",
  "evaluation.tabs.results": "Résultats",
  "evaluation.stage.label": "Étape",
  "evaluation.stage.CONCEPT_NOTE": "Notes conceptuelles",
  "evaluation.stage.FULL_APPLICATION": "Demandes complètes",
  "evaluation.role.FURTHER": "évaluateur·rice supplémentaire",
  "evaluation.points": "{points} / {max} points",
  "evaluation.assign.title": "Évaluateurs : {reference}",
  "evaluation.assign.startTitle": "Lancer l’évaluation",
  "evaluation.assign.startHint":
    "L’appel est clôturé. Lancez l’évaluation pour attribuer des évaluateurs aux propositions qui ont passé la vérification administrative.",
  "evaluation.assign.start": "Lancer l’évaluation",
  "evaluation.assign.startFullTitle": "Demandes complètes à évaluer",
  "evaluation.assign.startFullHint": "Demandes complètes soumises en attente d’évaluation : {count}. Chacune est figée telle que soumise ; une fois passée en évaluation, elle peut être attribuée à des évaluateurs.",
  "evaluation.assign.startFull": "Lancer l’évaluation des demandes complètes",
  "evaluation.assign.done.fullStarted": "Les demandes complètes soumises sont maintenant en évaluation.",
  "evaluation.assign.done.nothing": "Rien n’était en attente : quelqu’un d’autre l’a déjà fait.",
  "evaluation.assign.autoTitle": "Attribution automatique",
  "evaluation.assign.autoHint":
    "Chaque proposition reçoit {count} évaluateurs, les moins chargés d’abord, parmi {assessors}. Personne ne reçoit la proposition d’une organisation dont il est membre, ni une proposition pour laquelle il a déclaré un conflit d’intérêts.",
  "evaluation.assign.sameCountryRule":
    "Cet appel écarte aussi les évaluateurs des propositions menées depuis leur propre pays.",
  "evaluation.assign.auto": "Attribuer automatiquement",
  "evaluation.assign.proposals": "{state} : {count} propositions",
  "evaluation.assign.none":
    "Aucune proposition n’est en évaluation à cette étape.",
  "evaluation.assign.needsReassignment":
    "Un évaluateur s’est retiré : attribuez-en un autre.",
  "evaluation.assign.noAssessor": "Pas encore d’évaluateur.",
  "evaluation.assign.caption": "Évaluateurs de {reference}",
  "evaluation.assign.conflictReason": "Motif : {reason}",
  "evaluation.assign.reassign": "Réattribuer",
  "evaluation.assign.newAssessor": "Nouvel évaluateur",
  "evaluation.assign.reason": "Motif (conservé dans l’historique)",
  "evaluation.assign.reassignConfirm": "Réattribuer",
  "evaluation.assign.assessor": "Ajouter un évaluateur",
  "evaluation.assign.choose": "Choisissez un évaluateur",
  "evaluation.assign.assign": "Attribuer",
  "evaluation.assign.option": "{name} ({load} dans cet appel)",
  "evaluation.assign.done.auto":
    "{created} attributions faites ; {unfilled} propositions manquent encore d’évaluateurs.",
  "evaluation.assign.done.assigned": "L’évaluateur a été attribué.",
  "evaluation.assign.done.reassigned":
    "L’évaluation a été réattribuée. La précédente reste dans l’historique.",
  "evaluation.assign.done.started": "L’évaluation a commencé.",
  "evaluation.exclusion.already_assigned": "l’évalue déjà",
  "evaluation.exclusion.excluded": "conflit d’intérêts ou retiré",
  "evaluation.exclusion.applicant_organisation":
    "membre de l’organisation candidate",
  "evaluation.exclusion.same_country": "même pays que le demandeur principal",
  "evaluation.col.assessor": "Évaluateur",
  "evaluation.col.state": "État",
  "evaluation.col.why": "Pourquoi cet évaluateur",
  "evaluation.col.actions": "Actions",
  "evaluation.col.criterion": "Critère",
  "evaluation.col.score": "Note",
  "evaluation.col.justification": "Justification",
  "evaluation.col.rank": "Rang",
  "evaluation.col.proposal": "Proposition",
  "evaluation.col.organisation": "Organisation",
  "evaluation.col.amount": "Demandé",
  "evaluation.col.totals": "Totaux des évaluateurs",
  "evaluation.col.mean": "Moyenne",
  "evaluation.col.spread": "Écart",
  "evaluation.col.outcome": "Résultat",
  "evaluation.view.title": "Évaluation de {reference} par {assessor}",
  "evaluation.view.back": "Évaluateurs de l’appel",
  "evaluation.view.facts": "À propos de cette évaluation",
  "evaluation.view.proposal": "Proposition",
  "evaluation.view.total": "Total",
  "evaluation.view.submittedAt": "Soumise",
  "evaluation.view.returnReason": "Renvoyée pour révision parce que",
  "evaluation.view.conflictReason": "Conflit d’intérêts déclaré parce que",
  "evaluation.view.returnTitle": "Renvoyer pour révision",
  "evaluation.view.returnReasonLabel": "Que doit revoir l’évaluateur ?",
  "evaluation.view.returnHint":
    "L’évaluateur le reçoit par courriel et peut modifier les notes puis soumettre à nouveau.",
  "evaluation.view.return": "Renvoyer à l’évaluateur",
  "evaluation.view.returned":
    "L’évaluation a été renvoyée à l’évaluateur, qui a reçu un courriel.",
  "evaluation.view.history": "Historique",
  "evaluation.results.title": "Résultats : {reference}",
  "evaluation.results.export": "Télécharger les résultats en CSV (Excel)",
  "evaluation.results.ranking": "Classement",
  "evaluation.results.views": "Ce que montrent les résultats",
  "evaluation.results.none":
    "Aucune proposition n’a encore été évaluée à cette étape.",
  "evaluation.results.submittedOf":
    "{count} évaluations soumises sur {required}",
  "evaluation.results.done.consensus": "Le consensus a été enregistré.",
  "evaluation.results.done.further":
    "Un évaluateur supplémentaire a été attribué. Le résultat attend son évaluation.",
  "evaluation.results.done.awarded":
    "La décision d’attribution a été enregistrée et l’appel est attribué.",
  "evaluation.results.done.decision": "C’est fait.",
  "evaluation.status.incomplete": "En attente d’évaluations",
  "evaluation.status.needs_moderation": "En attente de modération",
  "evaluation.status.scored": "Notée",
  "evaluation.outcome.passed": "Atteint les seuils",
  "evaluation.outcome.failed": "N’atteint pas les seuils",
  "evaluation.rules.title": "Comment les propositions sont notées",
  "evaluation.rules.passMark":
    "Une proposition doit obtenir au moins {passMark} points sur {max}.",
  "evaluation.rules.minimum":
    "La section {section} doit obtenir au moins {minimum} points.",
  "evaluation.rules.knockOut":
    "Une proposition est rejetée si un critère de la section {section} obtient {threshold} ou moins.",
  "evaluation.rules.carried":
    "La section {section} reprend la note de la note conceptuelle.",
  "evaluation.rules.max":
    "Maximum : {max} points. La note finale est la moyenne des totaux des évaluateurs.",
  "evaluation.reason.below_pass_mark":
    "La note de {score} est inférieure au seuil de {passMark} (sur {max}).",
  "evaluation.reason.section_below_minimum":
    "La section {section} a obtenu {score}, sous son minimum de {minimum}.",
  "evaluation.reason.knock_out":
    "Le critère {criterion} a obtenu {score} en moyenne ; {threshold} ou moins entraîne le rejet.",
  "evaluation.moderation.title": "Modération",
  "evaluation.moderation.reason":
    "Les totaux des évaluateurs ({a} et {b}) diffèrent de {gap} du maximum, plus que les {threshold} admis.",
  "evaluation.moderation.open": "Modération ouverte",
  "evaluation.moderation.consensus": "Modérée : consensus",
  "evaluation.moderation.further": "Modérée : évaluateur supplémentaire",
  "evaluation.moderation.waiting":
    "Le résultat de cette proposition attend la résolution de la modération.",
  "evaluation.moderation.consensusTitle": "Enregistrer un consensus",
  "evaluation.moderation.total": "Total convenu (0 à {max} points)",
  "evaluation.moderation.note":
    "Note : comment les évaluateurs se sont accordés",
  "evaluation.moderation.recordConsensus": "Enregistrer le consensus",
  "evaluation.moderation.furtherTitle":
    "Ou demander un évaluateur supplémentaire",
  "evaluation.moderation.furtherAssessor": "Évaluateur supplémentaire",
  "evaluation.moderation.addFurther": "Ajouter l’évaluateur supplémentaire",
  "evaluation.moderation.consensusRecorded": "Total convenu : {total}. {note}",
  "evaluation.moderation.furtherAsked":
    "Un évaluateur supplémentaire a été demandé ; la moyenne porte sur tous les évaluateurs.",
  "evaluation.chart.heading": "Évaluateurs : sévères ou indulgents ?",
  "evaluation.chart.title":
    "Total moyen donné par chaque évaluateur comparé à la moyenne de tous",
  "evaluation.chart.desc":
    "Moyenne de tous les évaluateurs : {overall} points sur {max}.",
  "evaluation.chart.row": "{name} : {mean} en moyenne sur {count} évaluations.",
  "evaluation.chart.overall": "tous : {overall}",
  "evaluation.chart.tableCaption": "Les chiffres du graphique",
  "evaluation.chart.count": "Évaluations",
  "evaluation.chart.mean": "Total moyen",
  "evaluation.chart.difference": "Écart à la moyenne",
  "evaluation.chart.empty": "Aucune évaluation n’a encore été soumise.",
  "evaluation.decision.title": "Décisions",
  "evaluation.decision.notUnderEvaluation":
    "Les décisions se prennent pendant que l’appel est en évaluation.",
  "evaluation.decision.preselectHint":
    "Les notes conceptuelles qui atteignent les seuils sont retenues dans l’ordre du classement tant que les montants demandés restent dans {multiple} fois le budget de {budget} ; leurs demandeurs sont invités à envoyer une demande complète. {waiting} notes conceptuelles attendent.",
  "evaluation.decision.preselect": "Appliquer la présélection",
  "evaluation.decision.selectHint":
    "Les demandes qui atteignent les seuils sont sélectionnées provisoirement dans l’ordre du classement tant qu’elles tiennent dans le budget de {budget} ; les autres qui les atteignent vont sur la liste de réserve. {waiting} demandes attendent.",
  "evaluation.decision.select": "Sélectionner dans le budget",
  "evaluation.decision.scoreOf": "Note : {score} sur {max}.",
  "evaluation.decision.reason.over_cut_off":
    "La note conceptuelle atteint les seuils mais se classe au-delà de la liste restreinte (demandes dans {multiple} fois le budget).",
  "evaluation.decision.reason.not_scored":
    "La note conceptuelle n’a pas pu être notée.",
  "evaluation.decision.reason.below_pass_mark":
    "La note conceptuelle n’atteint pas les seuils.",
  "evaluation.decision.short.below_pass_mark": "sous les seuils",
  "evaluation.decision.short.over_cut_off":
    "au-delà du seuil de la liste restreinte",
  "evaluation.decision.short.not_scored": "non notée",
  "evaluation.decision.applied": "Propositions traitées ({count}) :",
  "evaluation.decision.appliedLine": "{reference} : {state}",
  "evaluation.decision.refusedLine": "{reference} : inchangée ({message})",
  "evaluation.confirm.title": "Veuillez confirmer",
  "evaluation.confirm.preselect":
    "{reference} : présélectionnée et invitée à envoyer une demande complète",
  "evaluation.confirm.notPreselect":
    "{reference} : non présélectionnée ({why})",
  "evaluation.confirm.select": "{reference} : sélectionnée provisoirement",
  "evaluation.confirm.reserve": "{reference} : liste de réserve",
  "evaluation.confirm.reject": "{reference} : rejetée",
  "evaluation.confirm.eligibility.start":
    "{reference} : lancer la vérification de l’éligibilité",
  "evaluation.confirm.eligibility.confirm":
    "{reference} : éligible, la subvention est attribuée",
  "evaluation.confirm.eligibility.fail":
    "{reference} : non éligible ({reason}) ; les demandes suivantes de la réserve qui tiennent dans le budget sont promues",
  "evaluation.confirm.award":
    "Enregistrer la décision d’attribution avec le classement actuel ; l’appel devient attribué.",
  "evaluation.confirm.confirm": "Confirmer",
  "evaluation.confirm.cancel": "Annuler",
  "evaluation.eligibility.title":
    "Vérification de l’éligibilité des sélectionnées provisoirement",
  "evaluation.eligibility.start": "Lancer la vérification de l’éligibilité",
  "evaluation.eligibility.confirm": "Éligible : attribuer",
  "evaluation.eligibility.reason":
    "Pourquoi elle n’est pas éligible (le demandeur en est informé)",
  "evaluation.eligibility.fail": "Non éligible",
  "evaluation.award.title": "Décision d’attribution",
  "evaluation.award.blocked":
    "Propositions qui attendent encore une étape : {references}.",
  "evaluation.award.note": "Note pour le dossier",
  "evaluation.award.record": "Enregistrer la décision d’attribution",
  "evaluation.award.history": "Décisions enregistrées",
  "evaluation.error.reasonRequired": "Indiquez un motif.",
  "evaluation.error.tooLong": "Ce texte est trop long.",
  "evaluation.error.chooseAssessor": "Choisissez un évaluateur.",
  "evaluation.error.totalNumber": "Saisissez le total en nombre entier.",
  "evaluation.error.totalRange":
    "Le total doit être compris entre 0 et le maximum de la grille.",
  "evaluation.error.noteRequired":
    "Indiquez comment les évaluateurs se sont accordés.",
  "evaluation.error.callNotUnderEvaluation": "L’appel n’est pas en évaluation.",
  "evaluation.error.notBeingEvaluated":
    "Cette proposition n’est pas en évaluation à cette étape.",
  "evaluation.error.notAnAssessor":
    "Cette personne n’est pas un évaluateur actif.",
  "evaluation.error.conflict":
    "Quelqu’un a modifié cet élément entre-temps ; rechargez et réessayez.",
  "evaluation.error.alreadyReplaced": "Cet évaluateur a déjà été remplacé.",
  "evaluation.error.moderationResolved": "Cette modération a déjà été résolue.",
  "evaluation.error.notRestricted":
    "La présélection ne concerne que les appels restreints.",
  "evaluation.error.notReady":
    "Certaines propositions ne sont pas encore notées : {references}.",
  "evaluation.error.notReadyList":
    "Certaines propositions ne sont pas encore notées (évaluations manquantes ou modération ouverte) : {references}.",
  "evaluation.error.awardBlocked":
    "Des propositions attendent encore une étape : {references}.",
  "evaluation.outcome.title": "Évaluation de votre proposition",
  "evaluation.outcome.reasonGiven": "Motif indiqué :",
  "evaluation.outcome.mean":
    "Votre note : {mean} points sur {max} (moyenne des évaluateurs).",
  "evaluation.outcome.passMark": "Le seuil est de {passMark}.",
  "evaluation.outcome.consensus":
    "Les notes des évaluateurs divergeaient fortement ; la note est celle sur laquelle ils se sont accordés.",
  "evaluation.outcome.assessor": "Évaluateur {n}",
  "evaluation.outcome.assessorTotal": "Évaluateur {n} : {total}",
  "evaluation.outcome.sectionMean": "moyenne {mean}",
};
