// Strings of the assessing pages, English and French. French must have exactly English's keys.
export const assessingEn = {
  "assessing.title": "Assessing",
  "nav.assess": "My assessments",
};

export const assessingFr: { readonly [K in keyof typeof assessingEn]: string } = {
  "assessing.title": "Assessing",
  "nav.assess": "Mes évaluations",
};
