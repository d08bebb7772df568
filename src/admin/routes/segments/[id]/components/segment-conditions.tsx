import { PencilSquare } from "@medusajs/icons"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ConditionsView } from "../../../../components/condition-builder/conditions-view"
import { useConditionCatalogue } from "../../../../hooks/segments"
import type { Segment } from "../../../../lib/types"

export const SegmentConditions = ({ segment }: { segment: Segment }) => {
  const { data: catalogue } = useConditionCatalogue()
  return (
    <Container className="divide-y p-0" data-testid="segment-conditions">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Conditions</Heading>
        <Button size="small" variant="transparent" asChild>
          <Link to="edit">
            <PencilSquare />
            Edit
          </Link>
        </Button>
      </div>
      <div className="px-6 py-4">
        {segment.membership === "manual" ? (
          <Text size="small" className="text-ui-fg-subtle">
            Manual segment: members are added by hand.
          </Text>
        ) : (
          <ConditionsView conditions={segment.conditions} catalogue={catalogue} />
        )}
      </div>
    </Container>
  )
}
