import { Container, Heading, Select, Skeleton, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts"
import { EntityPicker } from "../../../components/pickers/entity-picker"
import { useSalesBySegment } from "../../../hooks/segments"
import { formatMoney, formatNumber, formatPercent } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import type { SalesBySegment } from "../../../lib/types"

const PERIODS = [
  { value: "all", label: "All time" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "365", label: "Last 12 months" },
]

const COLORS = {
  revenue: "var(--fg-interactive, #3b82f6)",
  aov: "var(--tag-purple-icon, #8b5cf6)",
  grid: "var(--border-base, #e4e4e7)",
  axis: "var(--fg-muted, #a1a1aa)",
}

const SalesChart = ({ data }: { data: SalesBySegment }) => {
  const points = data.segments.map((s) => ({
    name: s.name,
    revenue: s.revenue,
    aov: s.average_order_value ?? 0,
  }))
  const money = (v: number) => formatMoney(v, data.currency_code)
  return (
    <div className="h-[300px] w-full" data-testid="sales-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="name"
            tick={{ fontSize: 11, fill: COLORS.axis }}
            tickLine={false}
            interval={0}
            height={48}
            angle={-12}
            textAnchor="end"
          />
          <YAxis
            yAxisId="revenue"
            tick={{ fontSize: 11, fill: COLORS.axis }}
            tickLine={false}
            axisLine={false}
            tickFormatter={(v) => formatNumber(v)}
          />
          <YAxis
            yAxisId="aov"
            orientation="right"
            tick={{ fontSize: 11, fill: COLORS.axis }}
            tickLine={false}
            axisLine={false}
            tickFormatter={(v) => formatNumber(v)}
          />
          <Tooltip
            formatter={(v) => money(Number(v))}
            contentStyle={{ fontSize: 12, borderRadius: 8 }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="revenue" dataKey="revenue" name="Revenue" fill={COLORS.revenue} radius={[4, 4, 0, 0]} />
          <Bar yAxisId="aov" dataKey="aov" name="Average order value" fill={COLORS.aov} radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

/** Sales by segment: customers, orders, revenue, AOV and top products of each segment. */
const SalesBySegmentPage = () => {
  const [currency, setCurrency] = useState<string | null>(null)
  const [period, setPeriod] = useState("all")
  const { data, isLoading, error } = useSalesBySegment({
    currency_code: currency ?? undefined,
    within_days: period === "all" ? undefined : period,
    top_products: 5,
  })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex flex-col gap-3 px-6 py-4 md:flex-row md:items-center md:justify-between">
          <div>
            <Heading>Sales by segment</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Orders that are not canceled, placed by each segment's current members
              {data ? `, in ${data.currency_code.toUpperCase()}` : ""}. A customer in two
              segments counts in both.
            </Text>
          </div>
          <div className="flex items-center gap-2">
            <EntityPicker
              kind="currency"
              multiple={false}
              value={currency}
              onChange={setCurrency}
              placeholder="Store currency"
              className="min-w-[140px]"
            />
            <div className="w-[160px]">
              <Select size="small" value={period} onValueChange={setPeriod}>
                <Select.Trigger>
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {PERIODS.map((p) => (
                    <Select.Item key={p.value} value={p.value}>
                      {p.label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
          </div>
        </div>
        <div className="px-6 py-4">
          {isLoading ? (
            <Skeleton className="h-[300px] w-full" />
          ) : error ? (
            <Text size="small" className="text-ui-fg-error">
              {errorMessage(error)}
            </Text>
          ) : data && data.segments.length ? (
            <SalesChart data={data} />
          ) : (
            <Text size="small" className="text-ui-fg-subtle py-8 text-center">
              No segments yet.
            </Text>
          )}
        </div>
      </Container>

      {data && data.segments.length > 0 && (
        <Container className="overflow-x-auto p-0">
          <table className="w-full" data-testid="sales-table">
            <thead>
              <tr className="border-ui-border-base txt-compact-small-plus text-ui-fg-subtle border-b text-left">
                <th className="px-6 py-3">Segment</th>
                <th className="px-3 py-3 text-right">Customers</th>
                <th className="px-3 py-3 text-right">Share</th>
                <th className="px-3 py-3 text-right">Orders</th>
                <th className="px-3 py-3 text-right">Revenue</th>
                <th className="px-3 py-3 text-right">Avg. order</th>
                <th className="px-6 py-3">Top products</th>
              </tr>
            </thead>
            <tbody>
              {data.segments.map((s) => (
                <tr
                  key={s.id}
                  className="border-ui-border-base txt-compact-small border-b align-top last:border-b-0"
                >
                  <td className="px-6 py-3">
                    <Link
                      to={`/segments/${s.id}`}
                      className="txt-compact-small-plus text-ui-fg-base hover:text-ui-fg-interactive"
                    >
                      {s.name}
                    </Link>
                  </td>
                  <td className="px-3 py-3 text-right">{formatNumber(s.customers)}</td>
                  <td className="px-3 py-3 text-right">{formatPercent(s.share)}</td>
                  <td className="px-3 py-3 text-right">{formatNumber(s.orders)}</td>
                  <td className="px-3 py-3 text-right">{formatMoney(s.revenue, data.currency_code)}</td>
                  <td className="px-3 py-3 text-right">
                    {s.average_order_value == null
                      ? "-"
                      : formatMoney(s.average_order_value, data.currency_code)}
                  </td>
                  <td className="px-6 py-3">
                    {s.top_products.length === 0 ? (
                      <span className="text-ui-fg-muted">-</span>
                    ) : (
                      <ol className="flex flex-col gap-0.5">
                        {s.top_products.map((p) => (
                          <li key={p.product_id} className="flex justify-between gap-3">
                            <Link
                              to={`/products/${p.product_id}`}
                              className="hover:text-ui-fg-interactive truncate"
                            >
                              {p.title}
                            </Link>
                            <span className="text-ui-fg-subtle whitespace-nowrap">
                              {formatNumber(p.quantity)} ·{" "}
                              {formatMoney(p.revenue, data.currency_code)}
                            </span>
                          </li>
                        ))}
                      </ol>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Container>
      )}
    </div>
  )
}

export const handle = {
  breadcrumb: () => "Sales by segment",
}

export default SalesBySegmentPage
