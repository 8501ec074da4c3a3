#!/usr/bin/env bash
# Prints the home of a JDK 21 or later, or fails with one clear line naming what to install.
# Used by .ci/run and ./mapdirect; Maven itself finds the same JDK through the
# maven-toolchains-plugin (select-jdk-toolchain, version [21,)).
find_jdk21() {
  local candidates=() home version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}')
    case "$version" in
      ''|1.*) continue ;;
    esac
    if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$home"
      return 0
    fi
  done
  echo "mapdirect: no JDK 21 or later found (looked at JAVA_HOME and /usr/lib/jvm); install one, e.g. 'apt-get install temurin-21-jdk' or any OpenJDK 21+, then retry" >&2
  return 1
}
