/** Writers for streamed member exports: CSV (safe against formula injection), JSON, XML. */

export type ExportRow = Record<string, unknown>

const COLUMNS = ["id", "email", "first_name", "last_name", "phone", "has_account", "source", "added_at"] as const

function text(v: unknown): string {
  if (v === null || v === undefined) return ""
  if (v instanceof Date) return v.toISOString()
  return String(v)
}

/**
 * A CSV cell that a spreadsheet will not run: cells starting with = + - @ or a
 * tab / carriage return get a leading apostrophe (OWASP's advice), then the
 * usual quoting.
 */
export function csvCell(v: unknown): string {
  let s = text(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  if (/[",\r\n']/.test(s)) s = `"${s.replace(/"/g, '""')}"`
  return s
}

export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
}

export function exportWriter(format: "csv" | "json" | "xml") {
  switch (format) {
    case "json":
      return {
        contentType: "application/json; charset=utf-8",
        head: () => "[",
        row: (r: ExportRow, first: boolean) =>
          (first ? "\n" : ",\n") + JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c] ?? null]))),
        tail: () => "\n]\n",
      }
    case "xml":
      return {
        contentType: "application/xml; charset=utf-8",
        head: () => '<?xml version="1.0" encoding="UTF-8"?>\n<customers>\n',
        row: (r: ExportRow) =>
          "  <customer>" + COLUMNS.map((c) => `<${c}>${xmlEscape(text(r[c]))}</${c}>`).join("") + "</customer>\n",
        tail: () => "</customers>\n",
      }
    default:
      return {
        contentType: "text/csv; charset=utf-8",
        head: () => COLUMNS.join(",") + "\r\n",
        row: (r: ExportRow) => COLUMNS.map((c) => csvCell(r[c])).join(",") + "\r\n",
        tail: () => "",
      }
  }
}
