import { Skeleton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/sdk"

/** A widget's list body: a skeleton while loading, the error, the empty text, or the list. */
export const WidgetListState = ({
  isLoading,
  error,
  isEmpty,
  empty,
  children,
}: {
  isLoading: boolean
  error: unknown
  isEmpty: boolean
  empty: ReactNode
  children: ReactNode
}) => {
  if (isLoading) {
    return (
      <div className="px-6 py-4">
        <Skeleton className="h-10 w-full" />
      </div>
    )
  }
  if (error) {
    return (
      <Text size="small" className="text-ui-fg-error px-6 py-4">
        {errorMessage(error)}
      </Text>
    )
  }
  if (isEmpty) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        {empty}
      </Text>
    )
  }
  return <>{children}</>
}
