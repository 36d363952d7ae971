// Strings of the reports pages, English and French. French must have exactly English's keys.
export const reportsEn = {
  "reports.title": "Reports",
};

export const reportsFr: { readonly [K in keyof typeof reportsEn]: string } = {
  "reports.title": "Reports",
};
