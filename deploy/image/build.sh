#!/usr/bin/env bash
# Builds the Vouch OCI image without a container daemon or registry, reproducibly:
#   deploy/image/build.sh            -> deploy/standalone/target/vouch-image.tar (OCI archive, tag vouch:<version>)
# 1. base layer: a minimal Debian rootfs (debootstrap, needs root and the Debian package archive) with a JRE
#    made by jlink from the build JDK, user vouch (10001), every file dated SOURCE_DATE_EPOCH (default: the last
#    commit's time) and written as a sorted, owner-normalised tar in the `docker save` layout;
# 2. application layers: Jib (jib:buildTar) on that base tar, with dependencies, resources and classes as separate
#    layers and fixed timestamps, so the same sources give the same image digest.
# Environment: DEBIAN_SUITE (default bookworm), DEBIAN_MIRROR (default: debootstrap's), SOURCE_DATE_EPOCH,
# VOUCH_BASE_TAR (use this base tar instead of building one).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
out="$repo/deploy/image/target"
mkdir -p "$out"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
suite=${DEBIAN_SUITE:-bookworm}
. "$repo/.mvn/jdk.sh"   # JAVA_HOME: the JDK the build uses (>= 21); its jlink makes the runtime

base_tar=${VOUCH_BASE_TAR:-$out/vouch-base-$suite.tar}
if [ ! -f "$base_tar" ]; then
  command -v debootstrap >/dev/null || { echo "build.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
  work=$(mktemp -d "$out/base.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  root="$work/rootfs"
  echo "build.sh: debootstrap $suite (minbase)" >&2
  debootstrap --variant=minbase "$suite" "$root" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # Modules the launcher needs (jdeps --print-module-deps over vouch.jar) plus DNS, PKCS#11-free crypto and JFR.
  modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.security.jgss,java.security.sasl
  modules=$modules,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.naming.dns,jdk.crypto.ec,jdk.zipfs
  available=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')
  modules=$(for m in ${modules//,/ }; do grep -qx "$m" <<<"$available" && printf '%s,' "$m"; done)
  "$JAVA_HOME/bin/jlink" --add-modules "${modules%,}" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$root/opt/java"
  # Nothing that differs from one run to the next, nothing the runtime does not need.
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/cache/ldconfig/aux-cache "$root"/debootstrap \
    "$root"/etc/machine-id "$root"/var/lib/dbus/machine-id "$root"/etc/ssh/ssh_host_* "$root"/root/.bash_history
  : >"$root/etc/machine-id"
  echo 'vouch:x:10001:10001:Vouch:/nonexistent:/usr/sbin/nologin' >>"$root/etc/passwd"
  echo 'vouch:x:10001:' >>"$root/etc/group"
  echo 'vouch:!:1::::::' >>"$root/etc/shadow"
  mkdir -p "$work/img"
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --owner=0 --group=0 --numeric-owner \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --format=posix \
    -C "$root" -cf "$work/img/layer.tar" .
  diff_id=$(sha256sum "$work/img/layer.tar" | cut -d' ' -f1)
  created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
  cat >"$work/img/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
           "User":"10001:10001"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"$created","created_by":"debootstrap --variant=minbase $suite; jlink"}]}
JSON
  echo '[{"Config":"config.json","RepoTags":["vouch-base:'"$suite"'"],"Layers":["layer.tar"]}]' >"$work/img/manifest.json"
  touch -d "@$SOURCE_DATE_EPOCH" "$work/img"/*
  tar --sort=name --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$work/img" -cf "$base_tar.tmp" \
    manifest.json config.json layer.tar
  mv "$base_tar.tmp" "$base_tar"
fi
echo "build.sh: base $(sha256sum "$base_tar" | cut -c1-16)… ; application layers with Jib" >&2
./mvnw -q -pl deploy/standalone -am -DskipTests -Pimage -Dimage.base="$base_tar" -Djib.disableUpdateChecks=true package
ls -l "$repo/deploy/standalone/target/vouch-image.tar"
