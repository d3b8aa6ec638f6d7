/**
 * ConfigMgr's numeric codes with their names, for dashboards and decisions: state-message topic
 * types and states ({@link io.acu.formats.catalogue.StateCatalogue}) and ccmsetup exit codes
 * ({@link io.acu.formats.catalogue.CcmSetupExitCode}). Distribution point package states travel in
 * events, so they are the contracts' {@code io.acu.contracts.DistributionState}.
 */
package io.acu.formats.catalogue;
