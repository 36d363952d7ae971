// Strings of the callDesign pages, English and French. French must have exactly English's keys.
export const callDesignEn = {
} as const;

export const callDesignFr: { readonly [K in keyof typeof callDesignEn]: string } = {
};
