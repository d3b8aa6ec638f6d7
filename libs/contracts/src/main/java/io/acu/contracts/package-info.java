/**
 * The event contract every acu service shares: topic names and record keys ({@link io.acu.contracts.Topics}),
 * the {@link io.acu.contracts.EventEnvelope} around each event, the six payloads, and their JSON form
 * ({@link io.acu.contracts.EventJson}).
 *
 * <p>Versioning: each payload type has one schema version (see {@link io.acu.contracts.EventType}). Adding a
 * nullable field is compatible and keeps the version (readers ignore unknown fields); removing, renaming or
 * retyping a field, or making a field required, bumps it. A reader accepts the version it was built with and
 * the older versions {@link io.acu.contracts.EventJson} knows how to carry forward (ManifestUpdated v1, whose
 * {@code clientUpgradePolicy} v2 dropped), and refuses the rest, so a producer must not publish a new version
 * before its consumers read it. JSON Schemas (every version still read) and the AsyncAPI document live in
 * {@code docs/} at the repository root.
 *
 * <p>Nullability: a record component annotated {@link io.acu.contracts.Nullable} may be null; every other
 * component is required and checked at construction, so a decoded event is always complete.
 */
package io.acu.contracts;
