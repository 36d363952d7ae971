// Strings of the organisation pages, English and French. French must have exactly English's keys.
export const organisationEn = {
} as const;

export const organisationFr: { readonly [K in keyof typeof organisationEn]: string } = {
};
