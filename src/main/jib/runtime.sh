#!/usr/bin/env bash
# The image's Java runtime and system libraries, for Jib's "scratch" base: no registry holds a base image
# reachable from here, so a jlink'd runtime of this JDK and the shared libraries it links (found by ldd) are
# laid out under target/jib-runtime, with a passwd entry for the non-root user and the /data and /tmp folders.
set -euo pipefail
out="${1:?the folder to fill}"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/data" "$out/tmp"
# the modules the server uses (checked by starting the image's runtime in .ci/run); no desktop windowing
"$jdk/bin/jlink" --module-path "$jdk/jmods" --output "$out/opt/java" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata
rm -f "$out/opt/java/lib/libawt_xawt.so" "$out/opt/java/lib/libsplashscreen.so" "$out/opt/java/lib/libjawt.so"
# Debian links the JDK's trust store to the system's: copy the file itself
if [ -L "$out/opt/java/lib/security/cacerts" ] || [ ! -s "$out/opt/java/lib/security/cacerts" ]; then
  rm -f "$out/opt/java/lib/security/cacerts"
  cp "$(readlink -f "$jdk/lib/security/cacerts")" "$out/opt/java/lib/security/cacerts"
fi
# every shared library the runtime's programs and libraries need, at the same path as on this machine
find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 | xargs -0 ldd 2>/dev/null \
  | grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done
printf 'root:x:0:0:root:/root:/sbin/nologin\namc:x:10001:10001:amchallenge:/data:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\namc:x:10001:\n' > "$out/etc/group"
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
echo "runtime for the image: $(du -sh "$out" | cut -f1) in $out"
