// Strings of the screening pages, English and French. French must have exactly English's keys.
export const screeningEn = {
} as const;

export const screeningFr: { readonly [K in keyof typeof screeningEn]: string } = {
};
