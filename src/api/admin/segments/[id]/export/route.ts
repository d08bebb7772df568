import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CUSTOMER_SEGMENT_MODULE } from "../../../../../modules/customer-segment"
import type CustomerSegmentModuleService from "../../../../../modules/customer-segment/service"
import { exportWriter } from "../../../../../modules/customer-segment/lib/export-format"
import { refetchSegment } from "../../helpers"
import { AdminExportSegmentParamsType } from "../../validators"

const PAGE = 2000

/** Streams the members page by page: memory stays flat whatever the segment's size. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminExportSegmentParamsType>, res: MedusaResponse) => {
  const segment = await refetchSegment(req.scope, req.params.id, ["id", "handle"])
  const { format } = req.validatedQuery as AdminExportSegmentParamsType
  const service = req.scope.resolve<CustomerSegmentModuleService>(CUSTOMER_SEGMENT_MODULE)
  const writer = exportWriter(format)
  res.setHeader("Content-Type", writer.contentType)
  res.setHeader("Content-Disposition", `attachment; filename="segment-${segment.handle}.${format}"`)
  res.setHeader("Cache-Control", "no-store")

  // A client that goes away never drains: stop at the next page instead of waiting for ever.
  let gone = false
  res.once("close", () => (gone = true))
  const write = (chunk: string) =>
    new Promise<boolean>((resolve) => {
      if (gone) return resolve(false)
      if (res.write(chunk)) return resolve(true)
      const done = (ok: boolean) => () => {
        res.off("drain", onDrain)
        res.off("close", onClose)
        resolve(ok)
      }
      const onDrain = done(true)
      const onClose = done(false)
      res.once("drain", onDrain)
      res.once("close", onClose)
    })

  if (!(await write(writer.head()))) return
  let after: string | null = null
  let first = true
  for (;;) {
    const rows = await service.exportMembersPage(req.params.id, after, PAGE)
    if (!rows.length) break
    let out = ""
    for (const row of rows) {
      out += writer.row(row, first)
      first = false
    }
    if (!(await write(out))) return
    after = rows[rows.length - 1].id
    if (rows.length < PAGE) break
  }
  res.end(writer.tail())
}
