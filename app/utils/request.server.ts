/** The client's address as the proxy in front of us reports it (Express sets X-Forwarded-For trust). */
export function clientAddress(request: Request): string | null {
  const fwd = request.headers.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0]!.trim() || null;
  return request.headers.get("x-real-ip");
}
