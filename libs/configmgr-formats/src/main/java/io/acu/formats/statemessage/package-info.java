/**
 * ConfigMgr state-message reports: the {@code <Report>} XML a client posts to its management
 * point or fallback status point, modelled as {@link io.acu.formats.statemessage.Report}, read and
 * written by {@link io.acu.formats.statemessage.ReportXml}.
 *
 * <p>Document shape (one line in practice):
 * <pre>{@code
 * <Report>
 *   <ReportHeader>
 *     <Identification><Machine>
 *       <ClientInstalled>1</ClientInstalled><ClientType>1</ClientType>
 *       <ClientID>GUID:5B1E0C3A-...</ClientID><ClientVersion>5.00.7804.1000</ClientVersion>
 *       <NetBIOSName>WKS-0001</NetBIOSName><CodePage>437</CodePage>
 *       <SystemDefaultLCID>1033</SystemDefaultLCID><Priority>5</Priority>
 *     </Machine></Identification>
 *     <ReportDetails><ReportContent>State Message Data</ReportContent><ReportType>Full</ReportType>
 *       <Date>20130909085647.000000+000</Date><Version>1.0</Version><Format>1.0</Format></ReportDetails>
 *   </ReportHeader>
 *   <ReportBody>
 *     <StateMessage MessageTime="20130909085647.000000+000" SerialNumber="1187">
 *       <Topic ID="{1FFD119F-...}" Type="800" IDType="0" User="" UserSID=""/>
 *       <State ID="400" Criticality="0"/>
 *       <UserParameters Flags="0" Count="3"><Param>5.0.7804.1000</Param>...</UserParameters>
 *     </StateMessage>
 *   </ReportBody>
 * </Report>
 * }</pre>
 * Messages for the fallback status point carry no {@code SerialNumber}.
 */
package io.acu.formats.statemessage;
