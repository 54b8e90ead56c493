#!/usr/bin/env bash
# The same tool calls a rehearsal makes, as a plain script in sequence, for bench/run.sh to time the pipeline's
# overhead against: git, buildah (one build per platform, one manifest push), skopeo + umoci + sbom-tool per platform.
# Signing, attestations and the release bundle are native code in the build and have no tool call to mirror.
# Usage: plain-release.sh REPOSITORY IMAGE WORKDIR TOOLS_DIR
set -euo pipefail
repo="$1" image="$2" work="$3" tools="$4"
store=(--root "$work/buildah/root" --runroot "$work/buildah/run" --storage-driver vfs)
cd "$repo"
commit="$(git log -1 --format=%H)"
epoch="$(git log -1 --format=%ct)"
git for-each-ref --format='%(refname:strip=2)' refs/tags >/dev/null
buildah "${store[@]}" manifest rm localhost/plain:bench >/dev/null 2>&1 || true
for platform in linux/amd64 linux/arm64; do
  buildah "${store[@]}" build --platform "$platform" --manifest localhost/plain:bench --isolation chroot --pull=missing \
    --timestamp "$epoch" --build-arg "GIT_COMMIT=$commit" --label "org.opencontainers.image.revision=$commit" \
    --quiet tests/fixtures/sample-driver >/dev/null
done
buildah "${store[@]}" manifest push --all --format oci --tls-verify=false --digestfile "$work/digest" --quiet \
  localhost/plain:bench "docker://$image:1.2.3"
for tag in 1.2 latest; do
  skopeo copy --all --preserve-digests --src-tls-verify=false --dest-tls-verify=false --quiet \
    "docker://$image@$(cat "$work/digest")" "docker://$image:$tag"
done
index="$(skopeo inspect --tls-verify=false --raw "docker://$image@$(cat "$work/digest")")"
for arch in amd64 arm64; do
  digest="$(jq -r ".manifests[] | select(.platform.architecture == \"$arch\") | .digest" <<<"$index")"
  rm -rf "${work:?}/$arch"
  mkdir -p "$work/$arch"
  skopeo copy --src-tls-verify=false --quiet "docker://$image@$digest" "oci:$work/$arch/oci:image"
  umoci unpack --image "$work/$arch/oci:image" "$work/$arch/bundle" >/dev/null
  mkdir -p "$work/$arch/manifest"
  (cd "$tools" && DOTNET_ROLL_FORWARD=Major dotnet tool run sbom-tool -- generate -b "$work/$arch/bundle/rootfs" \
    -bc "$work/$arch/bundle/rootfs" -pn rds-csi -pv 1.2.3 -ps rds-csi -nsb https://example.invalid/sbom \
    -m "$work/$arch/manifest" -D true >/dev/null)
done
