/**
 * Emitted when a customer's product views or wishlist change (`{ customer_ids }`);
 * the realtime-behaviour subscriber re-evaluates their realtime segments.
 */
export const BEHAVIOUR_CHANGED_EVENT = "customer_segment.behaviour_changed"

export type BehaviourChangedData = { customer_ids: string[] }
