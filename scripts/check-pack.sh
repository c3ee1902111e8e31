#!/usr/bin/env bash
# The package as npm publishes it, checked from a clean clone (as the release does): `npm pack` must
# build lib/ itself (prepack), ship the CLI, the library, the schemas and the licence, leave out the
# sources, tests and anything secret, and the unpacked CLI must run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q --no-hardlinks "$repo" "$work/clone"
# Same dependencies as the checkout (installed from the same lockfile by .ci/run).
ln -s "$repo/node_modules" "$work/clone/node_modules"
(cd "$work/clone" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/handoff-gate-*.tgz)
tar -tzf "$tarball" | sed 's#^package/##' | sort > "$work/files"
fail=0
for need in LICENSE package.json bin/handoff-gate.js lib/index.js lib/cli/main.js lib/app/index.js schemas/handoff-1.0.schema.json schemas/handoff-gate-config.schema.json; do
  grep -qx "$need" "$work/files" || { echo "check-pack: $need is missing from the package" >&2; fail=1; }
done
if grep -E '^(src|test|bench|dist|examples)/|(^|/)\.env$|\.pem$' "$work/files" >&2; then
  echo "check-pack: the files above must not be in the package" >&2; fail=1
fi
mkdir "$work/unpacked" && tar -xzf "$tarball" -C "$work/unpacked"
ln -s "$repo/node_modules" "$work/unpacked/package/node_modules"
handoff=$(ls "$repo"/examples/demo/head/.handoff/*.json 2>/dev/null | head -n 1 || true)
if [[ -n $handoff ]]; then
  node "$work/unpacked/package/bin/handoff-gate.js" validate "$handoff" >/dev/null || { echo "check-pack: the packed CLI could not validate $handoff" >&2; fail=1; }
else
  node "$work/unpacked/package/bin/handoff-gate.js" --help >/dev/null || { echo "check-pack: the packed CLI does not run" >&2; fail=1; }
fi
((fail == 0)) && echo "check-pack: $(wc -l < "$work/files") files, $(du -k "$tarball" | cut -f1) KiB packed, CLI runs"
exit $fail
