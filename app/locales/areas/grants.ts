// Strings of the grants pages, English and French. French must have exactly English's keys.
export const grantsEn = {
  "grants.title": "Grants",
  "nav.grants": "My grants",
};

export const grantsFr: { readonly [K in keyof typeof grantsEn]: string } = {
  "grants.title": "Grants",
  "nav.grants": "Mes subventions",
};
