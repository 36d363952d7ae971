// Strings of the workflows pages, English and French. French must have exactly English's keys.
export const workflowsEn = {
  "workflows.title": "Workflows",
  "nav.workflows": "Workflows",
};

export const workflowsFr: { readonly [K in keyof typeof workflowsEn]: string } = {
  "workflows.title": "Workflows",
  "nav.workflows": "Processus",
};
