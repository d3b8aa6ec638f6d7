/**
 * ConfigMgr's numeric codes with their names, for dashboards and decisions: state-message topic
 * types and states ({@link io.acu.formats.catalogue.StateCatalogue}), ccmsetup exit codes
 * ({@link io.acu.formats.catalogue.CcmSetupExitCode}) and distribution point package states
 * ({@link io.acu.formats.catalogue.DistributionPointPackageState}).
 */
package io.acu.formats.catalogue;
