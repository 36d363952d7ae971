// Strings of the proposals pages, English and French. French must have exactly English's keys.
export const proposalsEn = {
} as const;

export const proposalsFr: { readonly [K in keyof typeof proposalsEn]: string } = {
};
