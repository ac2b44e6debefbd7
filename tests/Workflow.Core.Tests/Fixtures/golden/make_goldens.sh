#!/bin/sh
# Regenerates every golden CSV listed in goldens.txt with the reference implementation.
# Needs Debian's python3 with numpy (apt-get install -y python3-numpy). Run from this folder:
#   sh make_goldens.sh /work/shared/reference/mfcc_ref.py
set -eu
ref=${1:?usage: sh make_goldens.sh PATH/TO/mfcc_ref.py}
grep -v '^#' goldens.txt | while IFS='|' read -r csv wav args; do
  csv=$(echo "$csv" | xargs); wav=$(echo "$wav" | xargs)
  # shellcheck disable=SC2086 # the arguments are meant to split
  /usr/bin/python3 "$ref" $args "$wav" > "$csv"
  echo "$csv <- mfcc_ref.py $args $wav"
done
