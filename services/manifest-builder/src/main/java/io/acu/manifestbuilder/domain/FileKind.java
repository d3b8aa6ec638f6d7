package io.acu.manifestbuilder.domain;

import java.util.Locale;

/** What a hotfix file is, by its extension: which version source applies to it. */
public enum FileKind {
    /** {@code .exe .dll .sys .ocx}: Portable Executable; version from the VS_VERSIONINFO resource. */
    PORTABLE_EXECUTABLE,
    /** {@code .msi .msp}: Windows Installer (OLE2 compound file); version from ProductVersion. */
    WINDOWS_INSTALLER,
    /** Anything else: the hotfix metadata must declare the version. */
    OTHER;

    /** The kind of {@code fileName}, by its extension, case-insensitively (e.g. {@code SCEPInstall.EXE}). */
    public static FileKind of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".exe") || name.endsWith(".dll") || name.endsWith(".sys") || name.endsWith(".ocx")) {
            return PORTABLE_EXECUTABLE;
        }
        if (name.endsWith(".msi") || name.endsWith(".msp")) {
            return WINDOWS_INSTALLER;
        }
        return OTHER;
    }

    /**
     * The manifest InstallationType ccmsetup uses for a new item of this kind: {@code MSI} for installer packages,
     * {@code NONE} (copied, run by another item) otherwise.
     */
    public String defaultInstallationType() {
        return this == WINDOWS_INSTALLER ? "MSI" : "NONE";
    }
}
