package io.acu.fleetsim.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.cab.CabinetEntry;
import io.acu.formats.cab.CabinetWriter;
import io.acu.formats.cab.Compression;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportXml;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * acu's five services as one in-JVM HTTP server ({@code com.sun.net.httpserver}), speaking the interfaces fleet-sim
 * uses: rollout's per-client policy (everyone offered v5 unless excluded) and download grants (201, or scripted
 * answers such as 429 and 409); manifest-builder's signing key and package API; dp-content's content locator and a DP
 * serving a real signed ccmsetup.cab (built with {@link CabinetWriter}, signed SHA256withECDSA as CabinetSigner
 * does) and SCEPInstall.exe with Range/If-Range; the FSP and state-message intake recording what they accept.
 * Responses to the status endpoints can be scripted (e.g. 503 then 202).
 */
public final class StubServices implements AutoCloseable {

    /** The package served. */
    public static final String PACKAGE = "CAS00006";
    /** Its new version. */
    public static final int VERSION = 5;
    /** The bearer token the package API demands. */
    public static final String TOKEN = "viewer-token";
    /** The hotfixed agent's version. */
    public static final Version SCEP_NEW = Version.parse("4.3.215.0");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    static {
        // The JDK server leaves Nagle on by default: every small response would then wait for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final KeyPair keys;
    /** The generated SCEPInstall.exe (v5). */
    public final byte[] scepInstaller;
    /** Its strong ETag, the quoted hash (as dp-content sends). */
    public final String scepEtag;
    /** The v4 and v5 manifests; v5 carries the generated installer's hash. */
    public final CcmSetupManifest before;
    public final CcmSetupManifest after;
    /** ccmsetup.cab of v5 and its signature. */
    public final byte[] cabinet;
    public volatile String cabSignature;

    /** Range and If-Range headers of each file request, in arrival order ("-" when absent). */
    public final List<String> fileRequests = new CopyOnWriteArrayList<>();
    /** Accepted (2xx) bodies by path. */
    public final Map<String, List<byte[]>> accepted = new ConcurrentHashMap<>();
    /** The Authorization header of every POST and policy read, by path, in arrival order ("-" when absent). */
    public final Map<String, List<String>> authorizations = new ConcurrentHashMap<>();
    /** Every POST seen, by path (retries included). */
    public final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
    /** Scripted answers to POSTs: status and Retry-After (or null), consumed first; then 202. */
    public final Deque<String[]> scriptedPostAnswers = new ArrayDeque<>();
    /** Client IDs rollout's policy calls excluded; everyone else is offered v5 (seven days, windows respected). */
    public final java.util.Set<String> excludedClients = ConcurrentHashMap.newKeySet();
    /** Query strings of the policy reads, in arrival order. */
    public final List<String> policyQueries = new CopyOnWriteArrayList<>();
    /** Bodies of the grant requests, in arrival order. */
    public final List<String> grantRequests = new CopyOnWriteArrayList<>();
    /** Scripted answers to grant requests: status, Retry-After (or null), detail; consumed first; then 201. */
    public final Deque<String[]> scriptedGrantAnswers = new ArrayDeque<>();
    /** Content-location answers: 404 when false. */
    public volatile boolean packageDistributed = true;
    public final AtomicInteger locationRequests = new AtomicInteger();

    /**
     * @param before the v4 manifest (clients start from it)
     * @param afterTemplate the v5 manifest, whose SCEPInstall.exe item gets the generated installer's hash
     */
    public StubServices(CcmSetupManifest before, CcmSetupManifest afterTemplate) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        scepInstaller = new byte[300_000 + 17];
        for (int i = 0; i < scepInstaller.length; i++) {
            scepInstaller[i] = (byte) (i * 31 + (i >>> 8));
        }
        Sha256 scepHash = Sha256.compute(scepInstaller);
        scepEtag = "\"" + scepHash.hex() + "\"";
        this.before = before;
        this.after = afterTemplate.withItem(afterTemplate.item("SCEPInstall.exe").orElseThrow().withFile(scepHash, SCEP_NEW));
        cabinet = CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", CcmSetupXml.write(after))), Compression.MSZIP);
        cabSignature = sign(cabinet);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the base URL every service answers on */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return endpoints that all point at this server */
    public ServiceEndpoints endpoints() {
        return new ServiceEndpoints(base(), base(), base(), base(), base());
    }

    /** @return the package folder URL the locator hands out */
    public String packageFolder() {
        return base() + "/SMS_DP_SMSPKG$/" + PACKAGE + "." + VERSION + "/";
    }

    /** @return the key pair's public half as manifest-builder serves it */
    public java.security.PublicKey publicKey() {
        return keys.getPublic();
    }

    /** @return the reports accepted at {@code path}, parsed */
    public List<Report> acceptedReports(String path) {
        return accepted.getOrDefault(path, List.of()).stream().map(ReportXml::read).toList();
    }

    String sign(byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(data);
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") || path.startsWith("/api/client-policy/")) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(authorization == null ? "-" : authorization);
            }
            if (method.equals("POST") && path.equals("/api/download-grants")) {
                grant(exchange);
            } else if (method.equals("POST")) {
                post(exchange, path);
            } else if (path.equals("/api/client-policy/" + PACKAGE)) {
                String query = exchange.getRequestURI().getQuery();
                policyQueries.add(query);
                String clientId = query.replaceAll(".*clientId=([^&]*).*", "$1");
                boolean excluded = excludedClients.contains(clientId);
                json(exchange, 200, "{\"packageId\":\"CAS00006\",\"clientId\":\"" + clientId + "\",\"offeredVersion\":" + (excluded ? "null" : "5")
                        + ",\"candidateVersion\":5,\"ring\":" + (excluded ? "null" : "\"broad\"") + ",\"rolloutStatus\":\"RUNNING\",\"halted\":false,"
                        + "\"excluded\":" + excluded + ",\"enabled\":true,\"advertisementDurationDays\":7,\"overrideMaintenanceWindows\":false,"
                        + "\"reason\":" + (excluded ? "\"the client is excluded from automatic client upgrade\"" : "null") + "}");
            } else if (path.equals("/api/signing-key")) {
                String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                send(exchange, 200, "application/x-pem-file", pem.getBytes(StandardCharsets.US_ASCII));
            } else if (path.startsWith("/api/packages/")) {
                packageApi(exchange, path);
            } else if (path.equals("/api/content-locations")) {
                locationRequests.incrementAndGet();
                String query = exchange.getRequestURI().getQuery();
                String group = query.replaceAll(".*boundaryGroup=([^&]*).*", "$1");
                if (!packageDistributed || !query.contains("&version=5")) {
                    json(exchange, 404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no distribution point has CAS00006\"}");
                } else {
                    json(exchange, 200, "{\"packageId\":\"CAS00006\",\"packageVersion\":5,\"boundaryGroup\":\"" + group + "\",\"locations\":["
                            + "{\"distributionPoint\":\"dp01\",\"url\":\"" + packageFolder() + "\",\"fallback\":false}]}");
                }
            } else if (path.equals("/SMS_DP_SMSPKG$/CAS00006.5/ccmsetup.cab")) {
                send(exchange, 200, "application/vnd.ms-cab-compressed", cabinet);
            } else if (path.equals("/SMS_DP_SMSPKG$/CAS00006.5/SCEPInstall.exe")) {
                file(exchange);
            } else {
                json(exchange, 404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"" + path + " is not here\"}");
            }
        } catch (IOException e) {
            // the client went away mid-response (an interrupted download): nothing to do
        }
    }

    private void packageApi(HttpExchange exchange, String path) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
        } else if (path.equals("/api/packages/CAS00006/versions")) {
            json(exchange, 200, "[{\"packageId\":\"CAS00006\",\"packageVersion\":5},{\"packageId\":\"CAS00006\",\"packageVersion\":4}]");
        } else if (path.equals("/api/packages/CAS00006/versions/5")) {
            json(exchange, 200, "{\"packageId\":\"CAS00006\",\"packageVersion\":5,\"previousVersion\":4,\"cabSha256\":\"" + Sha256.compute(cabinet).hex()
                    + "\",\"cabSignature\":\"" + cabSignature + "\",\"signatureAlgorithm\":\"SHA256withECDSA\",\"items\":[]}");
        } else if (path.equals("/api/packages/CAS00006/versions/4/manifest")) {
            send(exchange, 200, "application/xml", CcmSetupXml.write(before));
        } else if (path.equals("/api/packages/CAS00006/versions/5/manifest")) {
            send(exchange, 200, "application/xml", CcmSetupXml.write(after));
        } else {
            json(exchange, 404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"package CAS00006 has no such version\"}");
        }
    }

    private void post(HttpExchange exchange, String path) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        posts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String[] answer;
        synchronized (scriptedPostAnswers) {
            answer = scriptedPostAnswers.pollFirst();
        }
        int status = answer == null ? 202 : Integer.parseInt(answer[0]);
        if (status >= 200 && status <= 299) {
            accepted.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        if (answer.length > 1 && answer[1] != null) {
            exchange.getResponseHeaders().add("Retry-After", answer[1]);
        }
        json(exchange, status, "{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":" + status + ",\"detail\":\"" + (answer.length > 2 ? answer[2] : "scripted")
                + "\"}");
    }

    private void grant(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        grantRequests.add(body);
        String[] answer;
        synchronized (scriptedGrantAnswers) {
            answer = scriptedGrantAnswers.pollFirst();
        }
        if (answer == null) {
            json(exchange, 201, "{\"packageId\":\"CAS00006\",\"packageVersion\":5,\"clientId\":\"x\",\"distributionPoint\":\"dp01\","
                    + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
            return;
        }
        if (answer[1] != null) {
            exchange.getResponseHeaders().add("Retry-After", answer[1]);
        }
        json(exchange, Integer.parseInt(answer[0]), "{\"title\":\"Refused\",\"status\":" + answer[0] + ",\"detail\":\"" + answer[2] + "\"}");
    }

    private void file(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        fileRequests.add((range == null ? "-" : range) + " " + (ifRange == null ? "-" : ifRange));
        exchange.getResponseHeaders().add("ETag", scepEtag);
        exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        if (matcher != null && matcher.matches() && (ifRange == null || ifRange.equals(scepEtag))) {
            int from = Integer.parseInt(matcher.group(1));
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (scepInstaller.length - 1) + "/" + scepInstaller.length);
            exchange.sendResponseHeaders(206, scepInstaller.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(scepInstaller, from, scepInstaller.length - from);
            }
            return;
        }
        send(exchange, 200, "application/octet-stream", scepInstaller);
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, status >= 400 ? "application/problem+json" : "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            // In chunks, so a client that stops reading mid-way really cuts the transfer.
            for (int offset = 0; offset < body.length; offset += 16 * 1024) {
                out.write(body, offset, Math.min(16 * 1024, body.length - offset));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** @return a manifest of src/test/resources/samples */
    public static CcmSetupManifest sample(String name) {
        try (InputStream in = StubServices.class.getResourceAsStream("/samples/" + name)) {
            return CcmSetupXml.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the stub serving the seed's CAS00006 v4 → v5 (ccmsetup-before.xml, ccmsetup-after.xml) */
    public static StubServices seed() {
        return start(sample("ccmsetup-before.xml"), sample("ccmsetup-after.xml"));
    }

    /** Unchecked wrapper of the constructor. */
    public static StubServices start(CcmSetupManifest before, CcmSetupManifest after) {
        try {
            return new StubServices(before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
