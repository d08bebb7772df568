// After the backlog drained: was any event dropped? Three checks, each against
// a source the real-time path did not write:
// 1. the orders the driver completed are in Medusa's order table, per customer;
// 2. each customer's activity row counts as many orders as Medusa holds for it
//    (a lost order.placed leaves the count behind);
// 3. each segment's stored membership equals a from-scratch evaluation of its
//    conditions over the activity data (POST /admin/segments/:id/preview:
//    who would join or leave; both must be 0).
async function verify({ db, admin, segments, customers, completedPerCustomer }) {
  const ids = customers.map((c) => c.id)
  const { rows: orderRows } = await db.query(
    `SELECT customer_id, count(*)::int AS n FROM "order" WHERE customer_id = ANY($1) AND deleted_at IS NULL GROUP BY customer_id`,
    [ids]
  )
  const inMedusa = new Map(orderRows.map((r) => [r.customer_id, r.n]))
  const { rows: activityRows } = await db.query("SELECT id, orders_count FROM customer_segment_activity WHERE id = ANY($1)", [ids])
  const inActivity = new Map(activityRows.map((r) => [r.id, Number(r.orders_count)]))
  let ordersMissing = 0
  let ordersExtra = 0
  const staleActivity = []
  for (const id of ids) {
    const placed = completedPerCustomer.get(id) ?? 0
    const stored = inMedusa.get(id) ?? 0
    if (stored < placed) ordersMissing += placed - stored
    // a checkout that timed out on the client may still have made its order
    if (stored > placed) ordersExtra += stored - placed
    if ((inActivity.get(id) ?? 0) !== stored) staleActivity.push({ id, activity: inActivity.get(id) ?? null, orders: stored })
  }
  const perSegment = []
  for (const s of segments) {
    const r = await admin("POST", `/admin/segments/${s.id}/preview`, { conditions: s.conditions, audience: s.audience })
    if (r.status !== 200) throw new Error(`preview of ${s.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)
    perSegment.push({ id: s.id, count: r.body.count, joining: r.body.joining, leaving: r.body.leaving })
  }
  const membershipDiff = perSegment.reduce((n, s) => n + s.joining + s.leaving, 0)
  return {
    ordersMissing,
    ordersExtra,
    staleActivity,
    perSegment,
    membershipDiff,
    members: perSegment.reduce((n, s) => n + s.count, 0),
    dropped: staleActivity.length + membershipDiff,
  }
}

module.exports = { verify }
