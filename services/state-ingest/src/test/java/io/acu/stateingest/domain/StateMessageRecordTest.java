package io.acu.stateingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.ReportedStateMessage;
import io.acu.formats.catalogue.StateCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StateMessageRecordTest {

    private static final StateCatalogue CATALOGUE = StateCatalogue.standard();
    private static final Instant RECEIVED = Instant.parse("2026-11-20T09:00:05Z");

    private static ReportedStateMessage message(int topicType, Instant time, List<String> params) {
        return new ReportedStateMessage("GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "WKS-0001", "5.00.7804.1000", topicType,
                "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", 0, 3, null, false, 0, time, "20261120090000.000000+000", 7L, params, null);
    }

    @Test
    void theReportedVersionIsTheFirstParameterOfDeploymentTopicsWhenItIsAVersion() {
        Instant t = Instant.parse("2026-11-20T09:00:00Z");
        StateMessageRecord ep = StateMessageRecord.of(UUID.randomUUID(), "acu.client.state-messages", message(2001, t, List.of("4.3.0215.0000", "0x00000000")),
                RECEIVED, "192.0.2.10", CATALOGUE);
        assertThat(ep.reportedVersion()).isEqualTo("4.3.0215.0000");
        assertThat(StateMessageRecord.of(UUID.randomUUID(), "acu.client.state-messages", message(2002, t, List.of("4.3.215.0")), RECEIVED,
                "192.0.2.10", CATALOGUE).reportedVersion()).isNull();
    }

    @Test
    void aTimeThePostgresDriverWouldStoreAsInfinityIsRefused() {
        // The driver writes anything beyond PostgreSQL's timestamptz range as -infinity/infinity instead of failing. Such a
        // MessageTime cannot even be a message (the contract refuses it, so the intake answers 422 and a consumer
        // dead-letters an event carrying one); receivedAt is checked here.
        assertThatThrownBy(() -> message(2001, Instant.parse("-5000-01-01T00:00:00Z"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z");
        ReportedStateMessage fine = message(2001, Instant.parse("2026-11-20T09:00:00Z"), List.of());
        assertThatThrownBy(() -> StateMessageRecord.of(UUID.randomUUID(), "acu.fsp.messages", fine, Instant.parse("+300000-01-01T00:00:00Z"),
                "192.0.2.10", CATALOGUE)).hasMessageStartingWith("receivedAt +300000-01-01T00:00:00Z is outside");
    }
}
