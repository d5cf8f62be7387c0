#!/bin/sh
# A pyjar app: this launch script, then the jar (`java -jar` runs this file too).
# It runs the jar with $JAVA_HOME/bin/java, else the java on PATH: Java 17 or later.
me=${0##*/}
jar=$0
case $jar in /*) ;; *) jar=$PWD/$jar ;; esac
if [ -n "${JAVA_HOME:-}" ]; then
  java=$JAVA_HOME/bin/java
  if [ ! -x "$java" ]; then
    echo "$me: JAVA_HOME ($JAVA_HOME) has no bin/java; point JAVA_HOME at a JDK 17 or later, or unset it to use PATH" >&2
    exit 127
  fi
elif ! java=$(command -v java); then
  echo "$me: no Java found: neither JAVA_HOME is set nor java on PATH; install a JDK 17 or later" >&2
  exit 127
fi
# Once a run has made the tuned JVM's class-data archive, the launcher writes that JVM's command
# here, and later runs start it directly (see README, "Running the jar").
cache=${PYJAR_CACHE_DIR:-${XDG_CACHE_HOME:+$XDG_CACHE_HOME/pyjar}}
cache=${cache:-${HOME:+$HOME/.cache/pyjar}}
shortcut=
if [ -n "$cache" ] && [ -z "${PYJAR_TUNED_JVM:-}${PYJAR_JAVA_OPTIONS:-}${PYJAR_WARM_START:-}" ]; then
  key=$(printf '%s\n%s\n' "$jar" "$java" | cksum)
  shortcut=$cache/launch-${key%% *}-${key#* }.sh
  if [ -f "$shortcut" ] && [ -O "$shortcut" ] && [ "$shortcut" -nt "$jar" ] && [ "$shortcut" -nt "$java" ]; then
    . "$shortcut"
  fi
fi
# Java's own `release` file says its version; a Java without one is asked (one more JVM start).
real=$java
while [ -h "$real" ] && link=$(readlink "$real"); do
  case $link in /*) real=$link ;; *) real=${real%/*}/$link ;; esac
done
version=
if [ -r "${real%/bin/java}/release" ]; then
  while IFS= read -r line; do
    case $line in JAVA_VERSION=*) version=${line#JAVA_VERSION=}; version=${version#\"}; version=${version%%\"*} ;; esac
  done < "${real%/bin/java}/release"
else
  said=$("$java" -version 2>&1) || said=
  case $said in *' version "'*) version=${said#*' version "'}; version=${version%%\"*} ;; esac
fi
case $version in 1.*) major=${version#1.} ;; *) major=$version ;; esac
major=${major%%[!0-9]*}
if [ -n "$major" ] && [ "$major" -lt 17 ]; then
  echo "$me: $java is Java $version, but this app needs Java 17 or later: set JAVA_HOME to a newer JDK, or put one first on PATH" >&2
  exit 1
fi
PYJAR_LAUNCH_JAR=$jar PYJAR_LAUNCH_SHORTCUT=$shortcut
export PYJAR_LAUNCH_JAR PYJAR_LAUNCH_SHORTCUT
exec "$java" -jar "$jar" "$@"
