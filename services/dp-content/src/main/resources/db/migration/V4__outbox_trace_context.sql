-- The W3C trace context (traceparent, tracestate) of the span that wrote each outbox row (libs/outbox,
-- TraceContext), so the relay's later send joins the writer's trace. Null for rows written untraced, and for
-- every row written before this migration: those are sent as before.
ALTER TABLE outbox_event ADD COLUMN trace_parent text, ADD COLUMN trace_state text;
