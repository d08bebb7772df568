/** Sends anything (a Buffer of raw bytes, a JSON text, an object) and returns the response, whatever its status. */
export function sender(api: any, headers: () => Record<string, string>) {
  return async (method: string, url: string, body?: unknown, extra: Record<string, string> = {}) => {
    const raw = typeof body === "string" || Buffer.isBuffer(body)
    const res = await api.request({
      method,
      url,
      data: body,
      headers: { ...headers(), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...extra },
      validateStatus: () => true,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      // send strings and buffers byte for byte (axios would re-encode a string it cannot parse)
      transformRequest: raw ? [(d: unknown) => d] : undefined,
    })
    return res as { status: number; data: any; headers: Record<string, string> }
  }
}
