// Strings of the evaluation pages, English and French. French must have exactly English's keys.
export const evaluationEn = {
  "evaluation.title": "Evaluation",
};

export const evaluationFr: { readonly [K in keyof typeof evaluationEn]: string } = {
  "evaluation.title": "Evaluation",
};
