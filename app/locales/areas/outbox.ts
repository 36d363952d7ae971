// Strings of the outbox pages, English and French. French must have exactly English's keys.
export const outboxEn = {
} as const;

export const outboxFr: { readonly [K in keyof typeof outboxEn]: string } = {
};
