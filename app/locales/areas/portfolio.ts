// Strings of the portfolio pages, English and French. French must have exactly English's keys.
export const portfolioEn = {
  "portfolio.title": "Portfolio",
  "nav.portfolio": "Portfolio",
};

export const portfolioFr: { readonly [K in keyof typeof portfolioEn]: string } = {
  "portfolio.title": "Portfolio",
  "nav.portfolio": "Portefeuille",
};
