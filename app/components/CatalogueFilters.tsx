// The catalogue's filters: a real GET form (it works without JavaScript and its address can be
// shared), every control labelled, the JVAP domains as a group of checkboxes. The parameter
// names (q, domain, dialogue, type, country) are part of the catalogue's public contract.
import { Form, Link } from "@remix-run/react";
import { optionsMarkup } from "~/components/options-markup.ts";
import type { CatalogueFilters as Filters, CatalogueResult } from "~/modules/calls/catalogue.server.ts";
import { useT } from "~/utils/i18n.ts";

const choice = (c: { code: string; name: string }) => ({ value: c.code, label: c.name });

export interface CatalogueFiltersProps {
  filters: Filters;
  options: CatalogueResult["options"];
  hasFilters: boolean;
}

export function CatalogueFilters({ filters, options, hasFilters }: CatalogueFiltersProps) {
  const t = useT();
  // Uncontrolled fields: a new key when the filters change resets them to what is in force.
  const key = JSON.stringify(filters);
  return (
    <section className="catalogue-filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{t("catalogue.filters.title")}</h2>
      <Form method="get" action="/calls" className="form catalogue-filters__form" key={key}>
        <div className="field">
          <label htmlFor="filter-q">{t("catalogue.filters.q")}</label>
          <p id="filter-q-hint" className="field__hint">
            {t("catalogue.filters.qHint")}
          </p>
          <input id="filter-q" name="q" type="search" defaultValue={filters.q} aria-describedby="filter-q-hint" maxLength={100} />
        </div>

        <fieldset className="field" aria-describedby="filter-domain-hint">
          <legend>{t("catalogue.filters.domain")}</legend>
          <p id="filter-domain-hint" className="field__hint">
            {t("catalogue.filters.domainHint")}
          </p>
          <div className="choices">
            {options.domains.map((d) => (
              <label key={d.code} className="choice">
                <input type="checkbox" name="domain" value={d.code} defaultChecked={filters.domains.includes(d.code)} />
                <span>{d.name}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor="filter-dialogue">{t("catalogue.filters.dialogue")}</label>
          <select id="filter-dialogue" name="dialogue" defaultValue={filters.dialogue ?? ""}>
            <option value="">{t("catalogue.filters.anyDialogue")}</option>
            {options.dialogues.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor="filter-type">{t("catalogue.filters.type")}</label>
          <select id="filter-type" name="type" defaultValue={filters.type ?? ""}>
            <option value="">{t("catalogue.filters.anyType")}</option>
            {options.types.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor="filter-country">{t("catalogue.filters.country")}</label>
          <p id="filter-country-hint" className="field__hint">
            {t("catalogue.filters.countryHint")}
          </p>
          <select
            id="filter-country"
            name="country"
            defaultValue={filters.country ?? ""}
            aria-describedby="filter-country-hint"
            dangerouslySetInnerHTML={optionsMarkup(
              [
                { value: "", label: t("catalogue.filters.anyCountry") },
                { label: t("catalogue.filters.auCountries"), choices: options.countries.au.map(choice) },
                { label: t("catalogue.filters.euCountries"), choices: options.countries.eu.map(choice) },
                { label: t("catalogue.filters.otherCountries"), choices: options.countries.other.map(choice) },
              ],
              filters.country ?? "",
            )}
          />
        </div>

        <div className="catalogue-filters__actions">
          <button type="submit" className="button">
            {t("catalogue.filters.submit")}
          </button>
          {hasFilters ? <Link to="/calls">{t("catalogue.filters.clear")}</Link> : null}
        </div>
      </Form>
    </section>
  );
}
