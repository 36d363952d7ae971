// Applicant organisations: register one (the creator becomes its OWNER), read and edit its
// profile. Reads and writes are scoped: an applicant reaches only organisations they are a
// member of (access.server.ts). Every change is audited with who, when and from where.
import type { MembershipRole } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { db, type DbTx, type Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pick, type Locale } from "~/utils/i18n.ts";
import type { FieldErrors } from "~/utils/route.server.ts";
import { membershipRoleOf, requireOrganisationAccess, requireVerifiedEmail } from "./access.server.ts";
import { ORIGIN_FIELD, type OrganisationInput } from "./schemas.ts";

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

export interface Choice {
  code: string;
  name: string;
}

export interface OrganisationFormOptions {
  types: Choice[];
  /** Every country, by name in the page's language; African Union members flagged. */
  countries: (Choice & { auMember: boolean })[];
}

export async function organisationFormOptions(locale: Locale): Promise<OrganisationFormOptions> {
  const [types, countries] = await Promise.all([db().applicantType.findMany({ orderBy: { rank: "asc" } }), db().country.findMany()]);
  const collator = new Intl.Collator(locale === "fr" ? "fr" : "en", { sensitivity: "base" });
  return {
    types: types.map((t) => ({ code: t.code, name: pick(t, "name", locale) })),
    countries: countries.map((c) => ({ code: c.code, name: pick(c, "name", locale), auMember: c.auMember })).sort((a, b) => collator.compare(a.name, b.name)),
  };
}

/** Unknown type or country codes (a tampered form) become field errors, never a database error. */
async function checkReferenceCodes(input: OrganisationInput, tx: DbTx): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const codes = [...new Set([input.countryCode, ...input.originCountryCodes])];
  const [type, countries] = await Promise.all([
    tx.applicantType.findUnique({ where: { code: input.typeCode }, select: { code: true } }),
    tx.country.findMany({ where: { code: { in: codes } }, select: { code: true } }),
  ]);
  const known = new Set(countries.map((c) => c.code));
  if (!type) errors.typeCode = ["organisation.errors.typeRequired"];
  if (!known.has(input.countryCode)) errors.countryCode = ["organisation.errors.countryRequired"];
  if (input.originCountryCodes.some((c) => !known.has(c))) errors[ORIGIN_FIELD] = ["organisation.errors.originInvalid"];
  return errors;
}

function profileData(input: OrganisationInput) {
  return {
    legalName: input.legalName,
    acronym: input.acronym,
    typeCode: input.typeCode,
    countryCode: input.countryCode,
    registrationNumber: input.registrationNumber,
    yearFounded: input.yearFounded,
    address: input.address,
    website: input.website,
    originCountryCodes: input.originCountryCodes,
  };
}
type ProfileData = ReturnType<typeof profileData>;
const PROFILE_FIELDS = Object.keys(profileData({ legalName: "", acronym: null, typeCode: "", countryCode: "", registrationNumber: null, yearFounded: 0, address: null, website: null, originCountryCodes: [] })) as (keyof ProfileData)[];

export interface AuditMeta {
  ipAddress: string | null;
}

/** Registers an organisation with the actor as its OWNER. Unverified accounts are refused (403). */
export async function createOrganisation(actor: Actor | null, input: OrganisationInput, meta: AuditMeta): Promise<ServiceResult<{ id: string }>> {
  requirePermission(actor, "organisation", "create");
  if (actor.role !== "APPLICANT") throw new AppError("forbidden", "errors.forbidden");
  await requireVerifiedEmail(actor.id);
  const errors = await checkReferenceCodes(input, db());
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  const data = profileData(input);
  const organisation = await db().$transaction(async (tx) => {
    const created = await tx.organisation.create({ data: { ...data, members: { create: { userId: actor.id, role: "OWNER" } } } });
    await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "organisation_created", entityType: "organisation", entityId: created.id, data: { ...data, owner: actor.id } }, tx);
    return created;
  });
  return { ok: true, value: { id: organisation.id } };
}

export interface OrganisationProfile {
  id: string;
  legalName: string;
  acronym: string | null;
  typeCode: string;
  typeName: string;
  countryCode: string;
  countryName: string;
  registrationNumber: string | null;
  yearFounded: number | null;
  address: string | null;
  website: string | null;
  originCountries: Choice[];
  /** The viewer's role in it; null for staff reading any organisation. */
  viewerRole: MembershipRole | null;
  canEdit: boolean;
  memberCount: number;
}

/** One organisation's profile, if the actor may read it (else 404). */
export async function getOrganisationProfile(actor: Actor | null, organisationId: string, locale: Locale): Promise<OrganisationProfile> {
  requireOrganisationAccess(actor, organisationId, "read");
  const org = await db().organisation.findUnique({
    where: { id: organisationId },
    include: { type: true, country: true, _count: { select: { members: true } } },
  });
  if (!org) throw new AppError("not_found", "errors.notFound");
  const origins = org.originCountryCodes.length
    ? await db().country.findMany({ where: { code: { in: org.originCountryCodes } } })
    : [];
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  let canEdit = true;
  try {
    requireOrganisationAccess(actor, organisationId, "update");
  } catch {
    canEdit = false;
  }
  return {
    id: org.id,
    legalName: org.legalName,
    acronym: org.acronym,
    typeCode: org.typeCode,
    typeName: pick(org.type, "name", locale),
    countryCode: org.countryCode,
    countryName: pick(org.country, "name", locale),
    registrationNumber: org.registrationNumber,
    yearFounded: org.yearFounded,
    address: org.address,
    website: org.website,
    originCountries: origins.map((c) => ({ code: c.code, name: pick(c, "name", locale) })).sort((a, b) => collator.compare(a.name, b.name)),
    viewerRole: await membershipRoleOf(actor.id, organisationId),
    canEdit,
    memberCount: org._count.members,
  };
}

/** The values an edit form starts from, as the form's fields hold them (strings). */
export function profileFormValues(profile: OrganisationProfile): Record<string, string> {
  return {
    legalName: profile.legalName,
    acronym: profile.acronym ?? "",
    typeCode: profile.typeCode,
    countryCode: profile.countryCode,
    registrationNumber: profile.registrationNumber ?? "",
    yearFounded: profile.yearFounded === null ? "" : String(profile.yearFounded),
    address: profile.address ?? "",
    website: profile.website ?? "",
    [ORIGIN_FIELD]: profile.originCountries.map((c) => c.code).join(","),
  };
}

/** Edits the profile (any member; see access.server.ts). Audits the fields that changed, before and after. */
export async function updateOrganisation(actor: Actor | null, organisationId: string, input: OrganisationInput, meta: AuditMeta): Promise<ServiceResult<{ id: string; changed: string[] }>> {
  requireOrganisationAccess(actor, organisationId, "update");
  const errors = await checkReferenceCodes(input, db());
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  const data = profileData(input);
  const changed = await db().$transaction(async (tx) => {
    const before = await tx.organisation.findUnique({ where: { id: organisationId } });
    if (!before) throw new AppError("not_found", "errors.notFound");
    const changes: Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> = {};
    for (const field of PROFILE_FIELDS) {
      const from = before[field];
      const to = data[field];
      if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
    }
    if (Object.keys(changes).length === 0) return [];
    await tx.organisation.update({ where: { id: organisationId }, data });
    await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "organisation_updated", entityType: "organisation", entityId: organisationId, data: { changes } }, tx);
    return Object.keys(changes);
  });
  return { ok: true, value: { id: organisationId, changed } };
}

export interface OrganisationSummary {
  id: string;
  legalName: string;
  acronym: string | null;
  role: MembershipRole;
}

/** The actor's own organisations (memberships), by name. */
export async function listMyOrganisations(actor: Actor | null): Promise<OrganisationSummary[]> {
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  const memberships = await db().membership.findMany({
    where: { userId: actor.id },
    include: { organisation: { select: { id: true, legalName: true, acronym: true } } },
    orderBy: { organisation: { legalName: "asc" } },
  });
  return memberships.map((m) => ({ id: m.organisation.id, legalName: m.organisation.legalName, acronym: m.organisation.acronym, role: m.role }));
}
