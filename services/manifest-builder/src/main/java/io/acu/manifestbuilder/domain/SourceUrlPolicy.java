package io.acu.manifestbuilder.domain;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs manifest-builder fetches hotfix files from. A HotfixArrived's {@code sourceUrl} is input from whoever
 * can write to the topic, not an instruction: fetching any URL would make manifest-builder a proxy into the cluster
 * and the cloud (server-side request forgery). A URL is fetched only when
 * <ul>
 *   <li>it is {@code http} or {@code https}, with a host and without user information;
 *   <li>it lies under one of the configured base URLs ({@code acu.hotfix-source.allowed-base-urls}): same scheme,
 *       host and port, and its normalized path starts with the base's path at a segment boundary; a path with an
 *       encoded dot or slash ({@code %2e}, {@code %2f}), which a server may decode into a way out of the base, is
 *       refused;
 *   <li>its host is not a cloud metadata name ({@code metadata.google.internal}) and none of the addresses it
 *       resolves to is link-local (169.254.0.0/16 with the metadata service 169.254.169.254, fe80::/10), a cloud
 *       metadata address (fd00:ec2::254) or the wildcard address, even under an allowed base: a name can be made to
 *       resolve anywhere.
 * </ul>
 * Redirects are checked the same way, hop by hop ({@link HotfixSource}'s adapter). The address check resolves the
 * name once; the HTTP client resolves it again when it connects, normally from the JVM's address cache (30 s), so a
 * name that changes its answer between the two is the remaining gap, closed by the allow list naming hosts the site
 * controls.
 */
public final class SourceUrlPolicy {

    /** Host names of cloud metadata services that may resolve to ordinary-looking addresses. */
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal");
    /** AWS's IPv6 instance metadata endpoint (not link-local: fd00::/8 is unique-local). */
    private static final InetAddress AWS_METADATA_V6 = literal("fd00:ec2::254");

    /** Resolves a host name to its addresses ({@link InetAddress#getAllByName} in service). */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @param host a host name or address literal, as {@link URI#getHost()} gives it
         * @return its addresses, at least one
         * @throws UnknownHostException if it has none
         */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<URI> allowedBases;
    private final Resolver resolver;

    /**
     * @param allowedBaseUrls absolute {@code http(s)} base URLs, e.g. {@code https://patches.contoso.com/feed/}; a
     *     base without a trailing slash is taken as a directory. Empty: no URL is fetched.
     * @param resolver how host names are resolved
     * @throws IllegalArgumentException for a base URL that is not absolute http(s) with a host, or carries user
     *     information, a query or a fragment
     */
    public SourceUrlPolicy(List<String> allowedBaseUrls, Resolver resolver) {
        this.allowedBases = allowedBaseUrls.stream().map(String::trim).filter(s -> !s.isEmpty()).map(SourceUrlPolicy::base).toList();
        this.resolver = resolver;
    }

    /** The policy with the system resolver. */
    public static SourceUrlPolicy of(List<String> allowedBaseUrls) {
        return new SourceUrlPolicy(allowedBaseUrls, InetAddress::getAllByName);
    }

    /** @return the allowed base URLs, normalized (ending in {@code /}) */
    public List<URI> allowedBases() {
        return allowedBases;
    }

    /**
     * Checks that {@code url} may be fetched.
     *
     * @param fileName the hotfix file's name, to begin the reason with
     * @throws HotfixRejectedException {@link HotfixRejectedException.Kind#INVALID} naming the URL and the rule it
     *     breaks (scheme, credentials, not under an allowed base, a forbidden address);
     *     {@link HotfixRejectedException.Kind#UNPROCESSABLE} when its host does not resolve
     */
    public void check(String fileName, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl must be http or https, not '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl '" + url + "' has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl must not carry user information");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(host.endsWith(".") ? host.substring(0, host.length() - 1) : host)) {
            throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl " + url + " names a cloud metadata service");
        }
        if (allowedBases.stream().noneMatch(base -> isUnder(url, base))) {
            throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl " + url + " is not under an allowed base URL"
                    + (allowedBases.isEmpty() ? "; none is configured (acu.hotfix-source.allowed-base-urls)"
                            : " (acu.hotfix-source.allowed-base-urls: " + allowedBases + ")"));
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(url.getHost());
        } catch (UnknownHostException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + ": cannot resolve the host of " + url + ": " + e.getMessage());
        }
        for (InetAddress address : addresses) {
            if (isForbidden(address)) {
                throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl " + url + " resolves to " + address.getHostAddress()
                        + ", a link-local, cloud metadata or wildcard address");
            }
        }
    }

    /** Link-local (169.254.0.0/16, fe80::/10), AWS's fd00:ec2::254, or the wildcard address. */
    static boolean isForbidden(InetAddress address) {
        return address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address instanceof Inet6Address && Arrays.equals(address.getAddress(), AWS_METADATA_V6.getAddress());
    }

    private static boolean isUnder(URI url, URI base) {
        if (!url.getScheme().equalsIgnoreCase(base.getScheme()) || !url.getHost().equalsIgnoreCase(base.getHost())
                || port(url) != port(base)) {
            return false;
        }
        String rawPath = url.getRawPath() == null ? "" : url.getRawPath();
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return false;
        }
        String path = url.normalize().getRawPath();
        return (path == null || path.isEmpty() ? "/" : path).startsWith(base.getRawPath());
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static URI base(String text) {
        URI base;
        try {
            base = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("acu.hotfix-source.allowed-base-urls: '" + text + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null || base.getRawUserInfo() != null
                || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("acu.hotfix-source.allowed-base-urls: '" + text + "' must be an http(s) URL with a host"
                    + " and no user information, query or fragment");
        }
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.normalize().getRawPath();
        return URI.create(scheme + "://" + base.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
