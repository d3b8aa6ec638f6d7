#!/usr/bin/env bash
# Builds the tiny Windows Installer test fixture next to this script with msitools' wixl (Debian: apt-get
# install wixl). The .msi is committed, so builds and CI need no wixl; rerun this only to change it.
#   WindowsUpdateAgent.msi  ProductVersion 7.6.7600.256, one small file
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "acu msi fixture" > "$work/readme.txt"
cat > "$work/agent.wxs" <<'WXS'
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="{6A1D2C7E-0C4B-4E55-9A1F-3D2B7E6A5C41}" Name="acu MSI fixture" Language="1033" Version="7.6.7600.256"
           Manufacturer="acu test fixtures" UpgradeCode="{0E5C9B1A-7D3F-4A8E-B2C6-1F4D8A9E3B72}">
    <Package InstallerVersion="200" Compressed="yes" Comments="acu test fixture"/>
    <Media Id="1" Cabinet="fixture.cab" EmbedCab="yes"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="acu">
          <Component Id="Readme" Guid="{3B8E1F6D-2A4C-4D9B-8E7F-5C1A2B3D4E6F}">
            <File Id="readme.txt" Source="readme.txt"/>
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Readme"/></Feature>
  </Product>
</Wix>
WXS
(cd "$work" && SOURCE_DATE_EPOCH=0 wixl -o agent.msi agent.wxs)
cp "$work/agent.msi" WindowsUpdateAgent.msi
msiinfo export WindowsUpdateAgent.msi Property | grep ProductVersion
