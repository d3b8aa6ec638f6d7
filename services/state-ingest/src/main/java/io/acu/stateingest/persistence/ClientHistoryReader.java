package io.acu.stateingest.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** One client's current states and stored messages, read through Hibernate Reactive. */
@ApplicationScoped
public class ClientHistoryReader {

    /** @return the client's current state per topic type, by topic type; empty when none is stored */
    @WithSession
    public Uni<List<ClientStateEntity>> currentStates(String clientId) {
        return Panache.getSession().flatMap(session -> session
                .createSelectionQuery("from ClientStateEntity where clientId = :client order by topicType", ClientStateEntity.class)
                .setParameter("client", clientId).getResultList());
    }

    /** @return up to {@code limit} of the client's messages, oldest MessageTime first (FSP messages before serialled ones at equal time) */
    @WithSession
    public Uni<List<StateMessageEntity>> history(String clientId, int limit) {
        return Panache.getSession().flatMap(session -> session
                .createSelectionQuery("from StateMessageEntity where clientId = :client order by messageTime, serialNumber nulls first",
                        StateMessageEntity.class)
                .setParameter("client", clientId).setMaxResults(limit).getResultList());
    }
}
