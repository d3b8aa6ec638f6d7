package io.acu.contracts.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTokensTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";

    @Test
    void aTokenIsTheHmacOfTheClientIdAndProvesOnlyThatId() {
        ClientTokens tokens = new ClientTokens(KEY);
        // HMAC-SHA256(KEY, CLIENT), base64url: computed independently with openssl dgst -sha256 -hmac.
        assertThat(tokens.issue(CLIENT)).isEqualTo("acu-client.v1.XuW7kULw_F8pJaJwAOjtoRKDi_MOdBmvTq9_cIGxt24");
        assertThat(tokens.proves(tokens.issue(CLIENT), CLIENT)).isTrue();
        assertThat(tokens.proves(tokens.issue(CLIENT), "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F43")).isFalse();
        assertThat(new ClientTokens("another site's key, 32 bytes long".getBytes(StandardCharsets.UTF_8)).proves(tokens.issue(CLIENT), CLIENT))
                .isFalse();
        assertThat(tokens.proves(null, CLIENT)).isFalse();
        assertThat(ClientTokens.wellFormed(tokens.issue(CLIENT))).isTrue();
        assertThat(ClientTokens.wellFormed("acu-client.v1.c2hvcnQ")).isFalse();
        assertThat(ClientTokens.wellFormed("garbage!!")).isFalse();
        assertThat(tokens.proves("acu-client.v1.%%%", CLIENT)).isFalse();
        assertThat(tokens.proves(tokens.issue(CLIENT).replace("v1", "v2"), CLIENT)).isFalse();
    }

    @Test
    void theKeyComesFromAFileAndMustBeLongEnough(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), new String(KEY, StandardCharsets.UTF_8) + "\n");
        assertThat(ClientTokens.fromKeyFile(file).issue(CLIENT)).isEqualTo(new ClientTokens(KEY).issue(CLIENT));
        assertThatThrownBy(() -> new ClientTokens(new byte[31])).hasMessage("a client-token key needs at least 32 bytes, this one has 31");
        assertThatThrownBy(() -> ClientTokens.fromKeyFile(dir.resolve("missing"))).hasMessageContaining("cannot read the client-token key");
    }

    @Test
    void settingsThatCannotGiveTokensStopTheServiceNamingTheSetting(@TempDir Path dir) throws Exception {
        String setting = "acu.rollout.client-tokens.key-file (ACU_ROLLOUT_CLIENT_TOKENS_KEY_FILE)";
        String open = "acu.rollout.client-tokens.required=false";
        assertThat(ClientTokens.fromSettings(false, java.util.Optional.empty(), setting, open)).isEmpty();
        assertThatThrownBy(() -> ClientTokens.fromSettings(true, java.util.Optional.empty(), setting, open))
                .hasMessage(setting + " is not set: clients must prove their client ID; set the site's client-token key file, or " + open);
        Path shortKey = Files.writeString(dir.resolve("short.key"), "12345");
        assertThatThrownBy(() -> ClientTokens.fromSettings(true, java.util.Optional.of(shortKey), setting, open))
                .hasMessage(setting + " " + shortKey + ": a client-token key needs at least 32 bytes, this one has 5");
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> ClientTokens.fromSettings(true, java.util.Optional.of(missing), setting, open))
                .hasMessageStartingWith(setting + " " + missing + ": cannot read the client-token key");
        Path good = Files.writeString(dir.resolve("site.key"), "a site key of at least thirty-two bytes\n");
        assertThat(ClientTokens.fromSettings(true, java.util.Optional.of(good), setting, open)).get()
                .satisfies(tokens -> assertThat(tokens.proves(tokens.issue("GUID:1"), "GUID:1")).isTrue());
    }
}
