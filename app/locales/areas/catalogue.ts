// Strings of the catalogue pages, English and French. French must have exactly English's keys.
export const catalogueEn = {
} as const;

export const catalogueFr: { readonly [K in keyof typeof catalogueEn]: string } = {
};
