/**
 * ConfigMgr (System Center Configuration Manager 2012) formats and rules shared by every acu
 * service and the client simulator: {@link io.acu.formats.Version client/file versions},
 * {@link io.acu.formats.Sha256 SHA-256 hashes}, {@link io.acu.formats.PackageId package IDs} and
 * {@link io.acu.formats.WmiDateTime WMI datetimes}. The sub-packages hold the XML documents
 * ({@code ccmsetup}, {@code statemessage}), their hardened reader ({@code xml}) and the state
 * catalogue ({@code catalogue}).
 *
 * <p>All value types are immutable and thread-safe. Parsing bad text throws
 * {@link io.acu.formats.InvalidValueException}, an {@link IllegalArgumentException}.
 */
package io.acu.formats;
