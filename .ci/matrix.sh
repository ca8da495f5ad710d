#!/usr/bin/env bash
# The version matrix, after the README's test command (which runs the whole suite on the newest
# versions): the smoke subset (pytest -m smoke) in two more virtual environments,
#   lowest  the oldest Python the package declares, with the lowest versions its ranges allow,
#           resolved together (uv pip install --resolution lowest-direct); every floor checked;
#   newest  the newest Python it declares, with the newest versions;
# and, before them, for every Python the classifiers declare, a lowest resolution from wheels
# alone, whose pins must be the floors pyproject.toml declares for that Python.
# The Pythons come from pyproject.toml (requires-python and the classifiers), never from here.
#
# A declared Python that is not on this machine FAILS the step (exit 1): a matrix that skips a
# leg would still say "supported" for a version nobody ran. CI's machines carry every one (pyenv);
# elsewhere, point MATRIX_PYTHON_3_10=/path/to/python (dots as underscores) at one, or set
# MATRIX_ALLOW_MISSING=1 to skip that leg with a loud SKIPPED line and exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

# uv resolves and installs in seconds where pip takes minutes; it goes into the CI venv.
if ! command -v uv >/dev/null 2>&1; then
    python -m pip install --quiet uv
fi

find_python() { # X.Y -> the path of a CPython X.Y, or nothing
    local want=$1 override candidate
    override="MATRIX_PYTHON_${want//./_}"
    for candidate in \
        "${!override:-}" \
        "$(command -v "python$want" 2>/dev/null || true)" \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/python"$want" \
        /root/.pyenv/versions/"$want".*/bin/python"$want" \
        "$(uv python find --no-python-downloads "$want" 2>/dev/null || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] &&
            [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$want" ]; then
            echo "$candidate"
            return
        fi
    done
}

read -r oldest newest <<<"$(python .ci/floors.py pythons)"
mapfile -t tools < <(python .ci/floors.py test-tools)
smoke_files=$(grep -l "mark.smoke" tests/test_*.py)
status=0

prepare() { # NAME PYTHON RESOLUTION: a fresh venv with that resolution installed
    local name=$1 version=$2 resolution=$3 python venv
    python=$(find_python "$version")
    if [ -z "$python" ]; then
        if [ "${MATRIX_ALLOW_MISSING:-}" = 1 ]; then
            echo "matrix $name: SKIPPED: no Python $version on this machine (MATRIX_ALLOW_MISSING=1)"
            return 3
        fi
        echo "matrix $name: FAILED: no Python $version on this machine; pyproject.toml declares it."
        echo "  Install it, or set MATRIX_PYTHON_${version//./_}=/path/to/python$version."
        return 1
    fi
    venv=.venv-matrix-$name
    echo "matrix $name: Python $version ($python), resolution $resolution"
    rm -rf "$venv"
    uv venv --quiet --python "$python" "$venv" || return 1
    # -e . brings the package's own ranges; the tools are the [test] extra's pytest and hypothesis.
    uv pip install --quiet --python "$venv/bin/python" --resolution "$resolution" -e . "${tools[@]}" || return 1
    uv pip list --python "$venv/bin/python" 2>/dev/null |
        grep -E '^(tensorflow|keras|typer|rich|numpy|pandas|pytest|hypothesis) ' | tr -s ' ' | sed 's/^/  /'
    if [ "$resolution" = lowest-direct ]; then
        "$venv/bin/python" .ci/floors.py check-floors 2>&1 || return 1
    fi
    "$venv/bin/lstm-shapes" --version | sed 's/^/  /'
}

smoke() { # NAME: the smoke subset in the prepared venv
    local name=$1 t0=$SECONDS
    # shellcheck disable=SC2086
    ".venv-matrix-$name/bin/python" -m pytest -m smoke -q -p no:cacheprovider --disable-warnings $smoke_files ||
        return 1
    echo "matrix $name: smoke passed in $((SECONDS - t0)) s"
}

# Both venvs install at once (downloads and unpacking overlap) while the resolutions are checked.
logs=$(mktemp -d)
prepare lowest "$oldest" lowest-direct >"$logs/lowest" 2>&1 &
lowest_pid=$!
prepare newest "$newest" highest >"$logs/newest" 2>&1 &
newest_pid=$!

# Every declared Python: the lowest resolution from wheels alone must pin each floor that
# applies there (a floor without a wheel for that Python is not a floor). Metadata only.
platform="$(uname -m)-manylinux_2_28"
for version in $(python .ci/floors.py declared); do
    echo "matrix resolve: Python $version, lowest-direct, wheels for $platform"
    uv pip compile pyproject.toml --quiet --no-header --no-annotate --only-binary :all: \
        --resolution lowest-direct --python-version "$version" --python-platform "$platform" |
        python .ci/floors.py check-pins "$version" || status=1
done

for name in lowest newest; do
    pid_var=${name}_pid
    code=0
    wait "${!pid_var}" || code=$?
    cat "$logs/$name"
    case $code in
        0) smoke "$name" || status=1 ;;
        3) ;; # SKIPPED, said in the log
        *)
            echo "matrix $name: FAILED before the tests (see above)"
            status=1
            ;;
    esac
done
rm -rf "$logs"
echo "matrix: $([ $status = 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status
