/** The {@code acu-fleet-sim} command line (picocli): {@link io.acu.fleetsim.cli.FleetSimCommand}. */
package io.acu.fleetsim.cli;
