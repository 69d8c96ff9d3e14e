#!/usr/bin/env bash
# Accept every received snapshot (review the diff first): NAME.received.cs replaces NAME.verified.cs.
set -euo pipefail
cd "$(dirname "$0")/Snapshots"
for received in *.received.cs; do
  [ -e "$received" ] || { echo "nothing to accept"; exit 0; }
  mv -v "$received" "${received%.received.cs}.verified.cs"
done
