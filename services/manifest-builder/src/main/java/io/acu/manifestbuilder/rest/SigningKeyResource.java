package io.acu.manifestbuilder.rest;

import io.acu.manifestbuilder.signing.CabinetSigner;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /api/signing-key}: the public key that verifies ccmsetup.cab signatures (ECDSA P-256,
 * {@code SHA256withECDSA}), PEM-encoded X.509 SubjectPublicKeyInfo (RFC 7468). Public: clients fetch it before
 * they trust a manifest.
 */
@Path("/api/signing-key")
@PermitAll
public class SigningKeyResource {

    /** The PEM media type (RFC 7468 has none registered; this is the common one). */
    public static final String PEM = "application/x-pem-file";

    private final CabinetSigner signer;

    SigningKeyResource(CabinetSigner signer) {
        this.signer = signer;
    }

    /** @return {@code -----BEGIN PUBLIC KEY-----...} */
    @GET
    @Produces(PEM)
    public String key() {
        return signer.publicKeyPem();
    }
}
