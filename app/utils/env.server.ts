import { z } from "zod";

// Validated once at start-up. Production mode (NODE_ENV=production) refuses to start
// without real secrets and a real S3 service; the embedded default needs no variables.
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().optional(),
    SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
    S3_ENDPOINT: z.string().url().optional(),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    // "embedded" is set by the server when it started the loopback S3 itself.
    S3_MODE: z.enum(["embedded", "external"]).optional(),
    APP_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (!env.SESSION_SECRET) ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    if (!env.DATABASE_URL) ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required in production (the embedded database is for trying the app)" });
    if (!env.S3_ENDPOINT || env.S3_MODE === "embedded") ctx.addIssue({ code: "custom", path: ["S3_ENDPOINT"], message: "must name a real S3 service in production (the embedded S3 server is for trying the app)" });
    if (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) ctx.addIssue({ code: "custom", path: ["S3_ACCESS_KEY_ID"], message: "S3 credentials are required in production" });
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
