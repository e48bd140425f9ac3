# Shared set-up for the benchmark runners (sourced, not run).
# prepare PACKAGE...: installs what is missing (Debian and PyPI), creates Benchmarks/.venv, results/.
prepare() {
  "$here/../Scripts/setup.sh"
  mkdir -p "$here/results"
  if [ ! -x "$here/.venv/bin/python" ]; then python3 -m venv "$here/.venv"; fi
  "$here/.venv/bin/pip" install -q --disable-pip-version-check "$@"
}
