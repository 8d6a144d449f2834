# Sourced by ./trainfree, spark/build and spark/trainfree-spark: find_java_home prints a JDK >= 21 (JAVA_HOME if it
# is new enough, else the newest among the java on PATH, /usr/lib/jvm, /opt and SDKMAN), or says what to install.
min_java=21

java_major() { # prints the major version of the java binary $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' \
        | awk -F. '{print ($1 == 1 ? $2 : $1)}'
}

find_java_home() {
    local candidates=() best="" best_v=0 v home
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
        [ -d "$home" ] && candidates+=("$home")
    done
    for home in "${candidates[@]}"; do
        [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
        v="$(java_major "$home/bin/java")"
        [ -n "$v" ] || continue
        # an explicit JAVA_HOME that is new enough wins; otherwise take the newest
        if [ "$home" = "${JAVA_HOME:-}" ] && [ "$v" -ge "$min_java" ]; then echo "$home"; return 0; fi
        if [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
    done
    if [ "$best_v" -ge "$min_java" ]; then echo "$best"; return 0; fi
    {
        echo "${0##*/}: needs a JDK $min_java or newer (with javac); found none."
        [ -n "$best" ] && echo "  newest found: $best (Java $best_v)"
        echo "  install one (Eclipse Temurin 21 or newer, or your distribution's openjdk-21-jdk) and set JAVA_HOME."
    } >&2
    return 1
}

