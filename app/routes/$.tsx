import { handle, notFound } from "~/utils/route.server.ts";

// Unknown addresses get the app's own 404 page, in the visitor's language.
export const loader = handle(async () => notFound());
export const action = loader;

export default function NotFound() {
  return null;
}
