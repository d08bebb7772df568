import { FocusModal } from "@medusajs/ui"
import { createContext, useContext, useState, type ReactNode } from "react"
import { useNavigate } from "react-router-dom"

const CloseContext = createContext<(() => void) | null>(null)

/** Closes the surrounding route modal (and goes back to its parent route). */
export const useRouteModalClose = () => {
  const close = useContext(CloseContext)
  if (!close) {
    throw new Error("useRouteModalClose must be used inside RouteFocusModal")
  }
  return close
}

/**
 * A FocusModal that is a route of its own (`@create`, `[id]/@edit`):
 * open on arrival, back to `prev` on close.
 */
export const RouteFocusModal = ({ prev, children }: { prev: string; children: ReactNode }) => {
  const navigate = useNavigate()
  const [open, setOpen] = useState(true)
  const close = () => {
    setOpen(false)
    setTimeout(() => navigate(prev, { replace: true }), 200)
  }
  return (
    <FocusModal open={open} onOpenChange={(o) => !o && close()}>
      <CloseContext.Provider value={close}>
        <FocusModal.Content>{children}</FocusModal.Content>
      </CloseContext.Provider>
    </FocusModal>
  )
}
