/**
 * Kafka serialisers and deserialisers for acu events, JSON as {@link io.acu.contracts.EventJson} writes it. All
 * have public no-arg constructors, so SmallRye Reactive Messaging (Quarkus) can use them by class name:
 * <pre>
 * mp.messaging.outgoing.manifests.value.serializer=io.acu.contracts.kafka.EventSerializer
 * mp.messaging.incoming.manifests.value.deserializer=io.acu.contracts.kafka.ManifestUpdatedDeserializer
 * mp.messaging.incoming.manifests.failure-strategy=dead-letter-queue
 * mp.messaging.incoming.manifests.group.id=dp-content
 * mp.messaging.incoming.manifests.dead-letter-queue.topic=acu.manifest.updated.dp-content.dlq
 * </pre>
 * Set them explicitly: Quarkus would otherwise generate its own Jackson serdes with another configuration.
 *
 * <p>Each {@code <Type>Deserializer} has a {@code <Type>Serializer}: SmallRye's dead-letter producer derives its
 * value serialiser from the consumer's deserialiser by that renaming. A record that fails to deserialise reaches
 * the dead-letter topic with a null value and its original bytes in SmallRye's
 * {@code deserialization-failure-data} header.
 */
package io.acu.contracts.kafka;
