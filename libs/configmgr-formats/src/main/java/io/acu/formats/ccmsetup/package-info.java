/**
 * The ccmsetup.xml client install manifest (ConfigMgr 2012 {@code Item} format): its model
 * ({@link io.acu.formats.ccmsetup.CcmSetupManifest} and parts), reading and deterministic writing
 * ({@link io.acu.formats.ccmsetup.CcmSetupXml}), and the rule for whether a client needs an item
 * ({@link io.acu.formats.ccmsetup.ItemRequirement}).
 *
 * <p>Document shape:
 * <pre>{@code
 * <CcmSetup ClientVersion="5.00.7804.1000" MinimumAssignableSiteVersion="5.00.7783.1000" PackageID="CAS00006" PackageVersion="5">
 *   <Item FileName="SCEPInstall.exe" FileHash="B0336B86...2595" KeepAfterExit="true">
 *     <Applicability Platform="ALL" OS="ALL"/>
 *     <Discovery Type="File" Identifier="%windir%\ccmsetup\SCEPInstall.exe" VerifyHash="true">
 *       <Property Name="Version" Operator="&gt;=">4.3.215.0</Property>
 *     </Discovery>
 *     <Installation Order="17" InstallationType="NONE"/>
 *   </Item>
 * </CcmSetup>
 * }</pre>
 * The root attributes are acu's choice of where to carry the client version, minimum assignable
 * site version and package ID/version (ccmsetup.log shows ccmsetup reads them from the manifest).
 */
package io.acu.formats.ccmsetup;
