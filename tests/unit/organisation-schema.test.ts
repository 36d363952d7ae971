// The organisation profile schema shared by the registration and edit forms: one field
// error per problem, as i18n keys, and clean values when the input is right.
import { describe, expect, it } from "vitest";
import { en } from "~/locales/en.ts";
import { fr } from "~/locales/fr.ts";
import { MemberActionSchema, normaliseWebsite, OrganisationSchema, ORIGIN_FIELD, SignUpSchema } from "~/modules/organisations/schemas.ts";

const valid = {
  legalName: "  Réseau des Diasporas Mali-Sénégal  ",
  acronym: "REDIMAS",
  typeCode: "CSO",
  countryCode: "fr",
  registrationNumber: "W931004512",
  yearFounded: "2009",
  address: "14 rue Étienne Marcel, Montreuil",
  website: "https://redimas.example.org",
};

function errorsOf(input: Record<string, unknown>): Record<string, string[]> {
  const result = OrganisationSchema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

describe("OrganisationSchema", () => {
  it("accepts a complete profile, trimmed, the country upper-cased, the year a number", () => {
    const result = OrganisationSchema.parse(valid);
    expect(result).toMatchObject({ legalName: "Réseau des Diasporas Mali-Sénégal", countryCode: "FR", yearFounded: 2009, website: "https://redimas.example.org/", originCountryCodes: [] });
  });

  it("turns empty optional fields into null", () => {
    const result = OrganisationSchema.parse({ ...valid, acronym: "", registrationNumber: " ", address: "", website: "" });
    expect(result).toMatchObject({ acronym: null, registrationNumber: null, address: null, website: null });
  });

  it("asks for the legal name when it is missing or blank", () => {
    expect(errorsOf({ ...valid, legalName: "" }).legalName).toEqual(["organisation.errors.legalNameRequired"]);
    expect(errorsOf({ ...valid, legalName: "   " }).legalName).toEqual(["organisation.errors.legalNameRequired"]);
    const { legalName: _omit, ...rest } = valid;
    expect(errorsOf(rest).legalName).toEqual(["organisation.errors.legalNameRequired"]);
  });

  it("refuses a year before 1800, after this year, or not a year", () => {
    const next = String(new Date().getFullYear() + 1);
    for (const year of ["1799", next, "20O9", "99", "2009.5", "-2000"]) {
      expect(errorsOf({ ...valid, yearFounded: year }).yearFounded, year).toEqual(["organisation.errors.yearInvalid"]);
    }
    expect(errorsOf({ ...valid, yearFounded: "" }).yearFounded).toEqual(["organisation.errors.yearRequired"]);
    expect(OrganisationSchema.parse({ ...valid, yearFounded: "1800" }).yearFounded).toBe(1800);
    expect(OrganisationSchema.parse({ ...valid, yearFounded: String(new Date().getFullYear()) }).yearFounded).toBe(new Date().getFullYear());
  });

  it("refuses a website that is not a web address", () => {
    for (const website of ["not a url", "javascript:alert(1)", "ftp://example.org", "http://localhost", "https://user:pw@example.org", "example"]) {
      expect(errorsOf({ ...valid, website }).website, website).toEqual(["organisation.errors.websiteInvalid"]);
    }
  });

  it("accepts a website typed without https://", () => {
    expect(OrganisationSchema.parse({ ...valid, website: "www.example.org" }).website).toBe("https://www.example.org/");
    expect(normaliseWebsite("http://example.sn/about")).toBe("http://example.sn/about");
  });

  it("asks a diaspora organisation for at least one country of origin, alongside other errors", () => {
    expect(errorsOf({ ...valid, typeCode: "DIASPORA" })[ORIGIN_FIELD]).toEqual(["organisation.errors.originRequired"]);
    expect(errorsOf({ ...valid, typeCode: "DIASPORA", [ORIGIN_FIELD]: [] })[ORIGIN_FIELD]).toEqual(["organisation.errors.originRequired"]);
    const several = errorsOf({ ...valid, legalName: "", typeCode: "DIASPORA", yearFounded: "1700" });
    expect(Object.keys(several).sort()).toEqual(["legalName", ORIGIN_FIELD, "yearFounded"].sort());
  });

  it("keeps a diaspora organisation's countries (upper-cased, once each) and drops them for other types", () => {
    const diaspora = OrganisationSchema.parse({ ...valid, typeCode: "DIASPORA", [ORIGIN_FIELD]: ["sn", "ML", "SN"] });
    expect(diaspora.originCountryCodes).toEqual(["ML", "SN"]);
    const cso = OrganisationSchema.parse({ ...valid, typeCode: "CSO", [ORIGIN_FIELD]: ["SN"] });
    expect(cso.originCountryCodes).toEqual([]);
    expect(errorsOf({ ...valid, typeCode: "DIASPORA", [ORIGIN_FIELD]: ["Senegal"] })).toHaveProperty([ORIGIN_FIELD]);
  });

  it("asks for the type and the country", () => {
    const errors = errorsOf({ ...valid, typeCode: "", countryCode: "France" });
    expect(errors.typeCode).toEqual(["organisation.errors.typeRequired"]);
    expect(errors.countryCode).toEqual(["organisation.errors.countryRequired"]);
  });

  it("reports everything missing from an empty form at once, never throwing", () => {
    const errors = errorsOf({});
    expect(Object.keys(errors).sort()).toEqual(["countryCode", "legalName", "typeCode", "yearFounded"]);
  });
});

describe("the other registration schemas", () => {
  it("needs a password of at least 10 characters and a language", () => {
    const result = SignUpSchema.safeParse({ name: "Awa", email: "AWA@Example.org", password: "short", locale: "de" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(paths).toContain("password:registration.errors.passwordTooShort");
    expect(paths).toContain("locale:registration.errors.localeRequired");
    const ok = SignUpSchema.parse({ name: " Awa Diop ", email: " AWA@Example.org ", password: "0123456789", locale: "fr", redirectTo: "//evil.example" });
    expect(ok).toMatchObject({ name: "Awa Diop", email: "awa@example.org", locale: "fr", redirectTo: "" });
  });

  it("reads members' actions by intent and refuses unknown ones", () => {
    expect(MemberActionSchema.parse({ intent: "make-owner", userId: "u1" })).toEqual({ intent: "make-owner", userId: "u1" });
    expect(MemberActionSchema.safeParse({ intent: "make-admin", userId: "u1" }).success).toBe(false);
  });
});

describe("messages", () => {
  it("every message key the schemas use exists in English and French", () => {
    const keys = [
      "organisation.errors.legalNameRequired",
      "organisation.errors.yearInvalid",
      "organisation.errors.yearRequired",
      "organisation.errors.websiteInvalid",
      "organisation.errors.originRequired",
      "organisation.errors.originInvalid",
      "organisation.errors.typeRequired",
      "organisation.errors.countryRequired",
      "registration.errors.passwordTooShort",
      "registration.errors.localeRequired",
      "registration.errors.nameRequired",
    ];
    for (const key of keys) {
      expect(en, key).toHaveProperty([key]);
      expect(fr, key).toHaveProperty([key]);
    }
  });
});
