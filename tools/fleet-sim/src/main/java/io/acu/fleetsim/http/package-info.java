/**
 * The simulated clients' network over HTTP: {@link io.acu.fleetsim.http.HttpClientTransport} (content locations,
 * signed ccmsetup.cab, Range-resumed file downloads, FSP and state-message posts),
 * {@link io.acu.fleetsim.http.ManifestBuilderClient} (client policy, signing key, package API), and the pure rules
 * they use: {@link io.acu.fleetsim.http.RetryPolicy}, {@link io.acu.fleetsim.http.ServiceJson},
 * {@link io.acu.fleetsim.http.CabinetSignature}, {@link io.acu.fleetsim.http.ClientDraws}.
 */
package io.acu.fleetsim.http;
