// Strings of the registration pages, English and French. French must have exactly English's keys.
export const registrationEn = {
} as const;

export const registrationFr: { readonly [K in keyof typeof registrationEn]: string } = {
};
