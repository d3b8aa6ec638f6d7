/**
 * Hardened XML reading and deterministic XML writing for the ConfigMgr documents.
 *
 * <p>Both documents acu reads come from outside: state-message reports from any client that can
 * reach the fallback status point (plain, unauthenticated HTTP), manifests from storage that may
 * have been tampered with. {@link io.acu.formats.xml.SafeXml} therefore refuses DTDs and entity
 * references (XXE, billion laughs, following the OWASP XML External Entity Prevention Cheat
 * Sheet), bounds size, depth and element count ({@link io.acu.formats.xml.XmlLimits}), and reports
 * every problem as one {@link io.acu.formats.xml.MalformedDocumentException} with a human reason.
 */
package io.acu.formats.xml;
