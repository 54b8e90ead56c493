using Build.Configuration;
using Cake.Core.IO;

namespace Build;

/// <summary>
/// Every path under artifacts/ (or [Release] Artifacts), named once: tasks and services ask here, never join literals.
/// </summary>
public sealed class ArtifactLayout(DirectoryPath root)
{
    /// <summary>The artifacts folder itself.</summary>
    public DirectoryPath Root { get; } = root;

    /// <summary>release-state.json: what earlier runs of this working directory produced.</summary>
    public FilePath StateFile => Root.CombineWithFilePath(State.ReleaseState.FileName);

    /// <summary>.lock: one release at a time per working directory.</summary>
    public FilePath LockFile => Root.CombineWithFilePath(".lock");

    /// <summary>version.json, written by the Version task.</summary>
    public FilePath VersionJson => Root.CombineWithFilePath("version.json");

    /// <summary>image.json, written by the Push task.</summary>
    public FilePath ImageJson => Root.CombineWithFilePath("image.json");

    /// <summary>Where buildah writes the digest it pushed (deleted again by Push).</summary>
    public FilePath ImageDigestFile => Root.CombineWithFilePath("image.digest");

    /// <summary>docker buildx's --metadata-file.</summary>
    public FilePath BuildxMetadata => Root.CombineWithFilePath("buildx-metadata.json");

    /// <summary>The OCI layout buildah writes the platform images of a push by digest to (deleted again by Push).</summary>
    public DirectoryPath PushLayout(IEnumerable<Platform> platforms) => Root.Combine("layouts").Combine(string.Join("+", platforms.Select(platform => platform.FileName)));

    /// <summary>The default folder of --push-by-digest's per-platform digest files.</summary>
    public DirectoryPath Digests => Root.Combine("digests");

    /// <summary>The SLSA provenance statement the Sign task attests.</summary>
    public FilePath Provenance => Root.CombineWithFilePath(Build.Provenance.ProvenanceAttestation.FileName);

    public DirectoryPath Sbom => Root.Combine("sbom");

    /// <summary>The SPDX SBOM of one platform image.</summary>
    public FilePath PlatformSbom(Platform platform) => Sbom.CombineWithFilePath(platform.FileName + ".spdx.json");

    /// <summary>The SPDX SBOM of the index, covering every platform.</summary>
    public FilePath IndexSbom => Sbom.CombineWithFilePath(Build.Sbom.IndexSbom.FileName);

    /// <summary>Scratch space of one platform's SBOM (the image as an OCI layout, unpacked).</summary>
    public DirectoryPath SbomWork(Platform platform) => Sbom.Combine(".work").Combine(platform.FileName);

    public DirectoryPath Scan => Root.Combine("scan");

    /// <summary>trivy's SARIF report of the index (every platform), released with the assets.</summary>
    public FilePath ScanSarif => Scan.CombineWithFilePath("trivy.sarif");

    /// <summary>trivy's JSON report of one platform image, which the vulnerability gate reads.</summary>
    public FilePath ScanJson(Platform platform) => Scan.CombineWithFilePath(platform.FileName + ".trivy.json");

    /// <summary>Where the chart is copied, edited and packaged.</summary>
    public DirectoryPath Chart => Root.Combine("chart");

    /// <summary>The copy of the chart that is edited and packaged (the committed files are never edited).</summary>
    public DirectoryPath ChartCopy(string chartName) => Chart.Combine(chartName);

    /// <summary>The signed archives of the binaries read out of the platform images of a version.</summary>
    public DirectoryPath Binaries(string version) => Root.Combine("binaries").Combine(version);

    /// <summary>The release bundle of a version (what a rehearsal publishes, what publish mode uploads).</summary>
    public DirectoryPath Release(string version) => Root.Combine("release").Combine(version);

    /// <summary>A rehearsal's Helm repository: index.yaml and the packages it lists by relative URL, kept across rehearsals.</summary>
    public DirectoryPath HelmRepository => Root.Combine("helm-repo");

    /// <summary>The assets of a published GitHub release, downloaded afresh to be verified.</summary>
    public DirectoryPath Verify(string version) => Root.Combine("verify").Combine(version);

    /// <summary>The rehearsal key pair, when no key is configured.</summary>
    public DirectoryPath Keys => Root.Combine("keys");

    /// <summary>The rehearsal's private key (or where a key from COSIGN_KEY would be written).</summary>
    public FilePath SigningKey => Keys.CombineWithFilePath("cosign.key");

    /// <summary>The public key of <see cref="SigningKey"/>.</summary>
    public FilePath SigningPublicKey => Keys.CombineWithFilePath("cosign.pub");

    /// <summary>The rehearsal's OpenPGP key that signs the chart's Helm provenance file (made once, reused by later rehearsals).</summary>
    public FilePath HelmSigningKey => Keys.CombineWithFilePath("helm-signing.key");

    /// <summary>The armored public key of the key that signed the .prov (released as helm-signing.asc).</summary>
    public FilePath HelmPublicKey => Keys.CombineWithFilePath("helm-signing.asc");

    /// <summary>The Helm provenance file of a chart package: PACKAGE.prov next to it, as helm package --sign writes it.</summary>
    public static FilePath ChartProvenance(FilePath package) => new(package.FullPath + Charts.HelmProvenance.Extension);

    /// <summary>The storage of the rehearsal registry this working directory starts.</summary>
    public DirectoryPath RegistryStorage => Root.Combine("registry");

    public FilePath RegistryLog => Root.CombineWithFilePath("registry.log");

    /// <summary>registry.port: the free port a rehearsal registry of port 0 got (see <see cref="Registry.RehearsalRegistry"/>).</summary>
    public FilePath RegistryPortFile => Root.CombineWithFilePath(Registry.RehearsalRegistry.PortFileName);
}
