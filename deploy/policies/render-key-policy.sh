#!/usr/bin/env bash
# Prints kyverno-verify-rds-csi-key.yaml with its placeholder replaced by a cosign public key.
#   deploy/policies/render-key-policy.sh [PUBLIC_KEY]        (default: deploy/cosign.pub)
#   deploy/policies/render-key-policy.sh deploy/cosign.pub | kubectl apply -f -
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
key="${1:-$here/../cosign.pub}"
policy="$here/kyverno-verify-rds-csi-key.yaml"

# Once ./build.sh --target=RotateKeys has written the keys of deploy/keys/keys.yaml into the policy, it is ready as is.
if ! grep -q 'REPLACE-WITH-THE-CONTENT-OF-deploy/cosign.pub' "$policy"; then
  echo "render-key-policy.sh: $policy already lists the keys of deploy/keys/keys.yaml (RotateKeys/RevokeKey keep it); printing it unchanged." >&2
  cat "$policy"
  exit 0
fi
if [[ ! -f "$key" ]]; then
  echo "render-key-policy.sh: $key does not exist. Run ./build.sh --target=GenerateKeys (it writes deploy/cosign.pub) or pass the path of a cosign public key." >&2
  exit 1
fi
if grep -q 'PRIVATE KEY' "$key"; then
  echo "render-key-policy.sh: $key is a private key; pass the public key (cosign.pub), never the private one." >&2
  exit 1
fi
if ! grep -q -- '-----BEGIN PUBLIC KEY-----' "$key" || ! grep -q -- '-----END PUBLIC KEY-----' "$key"; then
  echo "render-key-policy.sh: $key is not a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)." >&2
  exit 1
fi

# The placeholder is the policy's one PEM block; each key line gets the placeholder's indentation.
awk -v keyfile="$key" '
  !done && /-----BEGIN PUBLIC KEY-----/ {
    indent = substr($0, 1, index($0, "-") - 1)
    while ((getline line < keyfile) > 0) {
      sub(/\r$/, "", line)
      if (line != "") print indent line
    }
    replacing = 1
    done = 1
  }
  replacing { if (/-----END PUBLIC KEY-----/) replacing = 0; next }
  { print }
' "$policy"
