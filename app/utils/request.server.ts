/**
 * The client's address as the server layer (server/app.ts) determined it from the socket and
 * trusted proxies only. Never read X-Forwarded-For here: clients can write it.
 */
export function clientAddress(request: Request): string | null {
  return request.headers.get("x-client-address") || null;
}
