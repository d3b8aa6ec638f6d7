package io.acu.dpcontent.directory.k8s;

/**
 * One entry of {@code status.packages} of a DistributionPoint resource: a package version's state on that DP, as
 * ConfigMgr's SMS_PackageStatusDistPointsSummarizer shows it.
 */
public class PackageStatusEntry {

    private String packageId;
    private Integer packageVersion;
    private String state;
    private Integer stateCode;
    private Integer attempt;
    private String lastError;
    private String updatedAt;

    /** @return e.g. {@code CAS00006} */
    public String getPackageId() {
        return packageId;
    }

    /** @param packageId e.g. {@code CAS00006} */
    public void setPackageId(String packageId) {
        this.packageId = packageId;
    }

    /** @return the package version */
    public Integer getPackageVersion() {
        return packageVersion;
    }

    /** @param packageVersion the package version */
    public void setPackageVersion(Integer packageVersion) {
        this.packageVersion = packageVersion;
    }

    /** @return the state name, e.g. {@code INSTALLED} */
    public String getState() {
        return state;
    }

    /** @param state the state name */
    public void setState(String state) {
        this.state = state;
    }

    /** @return ConfigMgr's code of the state, 0 to 6 */
    public Integer getStateCode() {
        return stateCode;
    }

    /** @param stateCode ConfigMgr's code of the state */
    public void setStateCode(Integer stateCode) {
        this.stateCode = stateCode;
    }

    /** @return attempts made */
    public Integer getAttempt() {
        return attempt;
    }

    /** @param attempt attempts made */
    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    /** @return why the last attempt failed, or null */
    public String getLastError() {
        return lastError;
    }

    /** @param lastError why the last attempt failed */
    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    /** @return when the state changed, RFC 3339 date-time, e.g. {@code 2026-11-29T10:00:00Z} */
    public String getUpdatedAt() {
        return updatedAt;
    }

    /** @param updatedAt when the state changed, RFC 3339 */
    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }
}
