#!/usr/bin/env bash
# Builds the tiny PE test fixtures next to this script with the mingw-w64 toolchain (Debian:
# apt-get install gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64). The .exe/.dll files are committed,
# so builds and CI need no mingw; rerun this only to change them. Output is reproducible (no
# timestamps: --no-insert-timestamp, -s).
#   SCEPInstall-4.2.223.0.exe  VS_VERSIONINFO 4.2.223.0 (the seed's SCEP before the hotfix)
#   SCEPInstall-4.3.215.0.exe  VS_VERSIONINFO 4.3.215.0 (after KB2907566)
#   mismatch.dll               fixed info 5.0.7804.1000, FileVersion string "5.00.7804.9999 (beta)"
#   noversion.exe              no version resource at all
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/main.c" <<'C'
int main(void) { return 0; }
C
cat > "$work/dll.c" <<'C'
__declspec(dllexport) int acu_fixture(void) { return 1; }
C

# rc FILE MAJOR MINOR BUILD REVISION FILEVERSION_STRING ORIGINAL_NAME
rc() {
  cat > "$1" <<RC
1 VERSIONINFO
FILEVERSION $2,$3,$4,$5
PRODUCTVERSION $2,$3,$4,$5
FILEFLAGSMASK 0x3fL
FILEFLAGS 0x0L
FILEOS 0x40004L
FILETYPE 0x1L
FILESUBTYPE 0x0L
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "acu test fixtures"
      VALUE "FileDescription", "acu PE fixture"
      VALUE "FileVersion", "$6"
      VALUE "OriginalFilename", "$7"
      VALUE "ProductVersion", "$6"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
RC
}

build_exe() { # NAME RC_FILE|""
  local objs=("$work/main.c")
  if [[ -n "$2" ]]; then
    x86_64-w64-mingw32-windres "$2" -O coff -o "$work/$1.res.o"
    objs+=("$work/$1.res.o")
  fi
  x86_64-w64-mingw32-gcc -Os -s -Wl,--no-insert-timestamp -o "$1" "${objs[@]}"
}

rc "$work/v4.rc" 4 2 223 0 "4.2.223.0" "SCEPInstall.exe"
build_exe SCEPInstall-4.2.223.0.exe "$work/v4.rc"
rc "$work/v5.rc" 4 3 215 0 "4.3.215.0" "SCEPInstall.exe"
build_exe SCEPInstall-4.3.215.0.exe "$work/v5.rc"
build_exe noversion.exe ""

rc "$work/dll.rc" 5 0 7804 1000 "5.00.7804.9999 (beta)" "mismatch.dll"
x86_64-w64-mingw32-windres "$work/dll.rc" -O coff -o "$work/dll.res.o"
x86_64-w64-mingw32-gcc -shared -Os -s -Wl,--no-insert-timestamp -o mismatch.dll "$work/dll.c" "$work/dll.res.o"

sha256sum SCEPInstall-4.2.223.0.exe SCEPInstall-4.3.215.0.exe noversion.exe mismatch.dll

# Authenticode fixtures (osslsigncode + openssl; Debian packages of those names): SCEPInstall 4.3.215.0 signed
# by a throw-away "acu test publisher" and by an "acu untrusted publisher". The trusted certificate's SHA-256
# thumbprint is written to trusted-publisher.sha256 for the tests.
for who in trusted untrusted; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=acu ${who} publisher/O=acu test fixtures" \
    -keyout "$work/$who.key" -out "$work/$who.crt" 2>/dev/null
  osslsigncode sign -certs "$work/$who.crt" -key "$work/$who.key" -h sha256 -n "SCEPInstall" \
    -in SCEPInstall-4.3.215.0.exe -out "signed-$who.exe" >/dev/null
done
openssl x509 -in "$work/trusted.crt" -outform DER | sha256sum | cut -c1-64 | tr a-f A-F > trusted-publisher.sha256
cat trusted-publisher.sha256
