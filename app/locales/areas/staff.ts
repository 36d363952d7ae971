// Strings of the staff pages, English and French. French must have exactly English's keys.
export const staffEn = {
} as const;

export const staffFr: { readonly [K in keyof typeof staffEn]: string } = {
};
