// Strings of the account pages, English and French. French must have exactly English's keys.
export const accountEn = {
} as const;

export const accountFr: { readonly [K in keyof typeof accountEn]: string } = {
};
