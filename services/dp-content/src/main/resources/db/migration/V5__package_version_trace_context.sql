-- The W3C trace context (traceparent, tracestate) of the ManifestUpdated a package version was accepted from
-- (the Kafka consumer span), so its distribution attempts, run later by the manager's loop, join that trace.
-- Null for versions accepted untraced or before this migration: their attempts start traces of their own.
ALTER TABLE package_version ADD COLUMN trace_parent text, ADD COLUMN trace_state text;
