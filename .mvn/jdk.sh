# Sourced by mvnw and vouch: keeps JAVA_HOME when it is a JDK >= 21, else picks the newest installed JDK >= 21.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  for jdk in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    jdk=${jdk%/}
    if [ -x "$jdk/bin/javac" ] && [ "$(java_major "$jdk")" -ge 21 ] 2>/dev/null; then JAVA_HOME=$jdk; export JAVA_HOME; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  echo "a JDK 21 or newer is required (set JAVA_HOME)" >&2
  exit 1
fi
