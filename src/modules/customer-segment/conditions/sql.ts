/**
 * SQL fragments: text with knex positional `?` placeholders plus the values
 * they stand for, in order. Values only ever travel as bindings; the text is
 * built from the catalogue's column names and fixed keywords.
 */
export type Sql = {
  readonly text: string
  readonly values: readonly unknown[]
  /** never NULL (see presence): truthy() leaves it bare */
  readonly twoValued?: true
}

export type SqlCast = "text" | "float8" | "timestamptz" | "int" | "boolean" | "date" | "jsonb" | "int[]" | "text[]"

/** A bound value with an explicit cast, so PostgreSQL never has to guess its type. */
export function param(value: unknown, cast: SqlCast): Sql {
  return { text: `?::${cast}`, values: [value] }
}

/** Trusted SQL text (catalogue columns, keywords). Never pass user input here. */
export function raw(text: string): Sql {
  if (text.includes("?")) {
    throw new Error("raw SQL text must not contain placeholders")
  }
  return { text, values: [] }
}

/** Joins fragments and trusted text (strings) in order. */
export function sql(...parts: Array<Sql | string>): Sql {
  let text = ""
  const values: unknown[] = []
  for (const part of parts) {
    if (typeof part === "string") {
      text += raw(part).text
    } else {
      text += part.text
      values.push(...part.values)
    }
  }
  return { text, values }
}

export function join(parts: Sql[], separator: string): Sql {
  const out: Array<Sql | string> = []
  parts.forEach((p, i) => {
    if (i) out.push(separator)
    out.push(p)
  })
  return sql(...out)
}

/** `ARRAY[?::text, ...]::text[]`, one placeholder per element (knex would otherwise expand arrays). */
export function textArray(values: readonly string[]): Sql {
  if (!values.length) return raw("'{}'::text[]")
  return sql("ARRAY[", join(values.map((v) => param(v, "text")), ", "), "]::text[]")
}

/** `(?::text, ...)` for IN lists. */
export function textList(values: readonly string[]): Sql {
  return sql("(", join(values.map((v) => param(v, "text")), ", "), ")")
}

/**
 * Whether a grouped CTE (LEFT JOINed as `alias` on customer_id) has a row for
 * the customer. Already two-valued, and left bare by truthy(): PostgreSQL turns
 * a LEFT JOIN into an inner join only when a top-level condition rejects its
 * NULL rows in a form it recognises (`x IS NOT NULL`, not COALESCE(...)), and an
 * inner join lets it start from the smallest set instead of every activity row.
 */
export function presence(alias: string, present: boolean): Sql {
  if (!/^[a-z][a-z0-9_]*$/.test(alias)) throw new Error("presence: an alias of the compiler's own")
  return { text: `${alias}.customer_id IS ${present ? "NOT " : ""}NULL`, values: [], twoValued: true }
}

/** Marks a predicate that is never NULL (EXISTS, NOT EXISTS, IS NULL tests): truthy() leaves it bare. */
export function twoValued(predicate: Sql): Sql {
  return { ...predicate, twoValued: true }
}

/** Two-valued: NULL becomes false. */
export function truthy(predicate: Sql): Sql {
  if (predicate.twoValued) return predicate
  return sql("COALESCE((", predicate, "), false)")
}
