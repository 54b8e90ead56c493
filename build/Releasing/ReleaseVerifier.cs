using System.Formats.Tar;
using System.IO.Compression;
using Build.Configuration;
using Build.Provenance;
using Build.Registry;
using Build.Signing;
using Build.Tools.Cosign;
using Build.Tools.Git;
using Build.Yaml;

namespace Build.Releasing;

/// <summary>
/// Checks a published release independently of what the run that made it remembers: it reads the release's files and
/// the registry afresh, and verifies every signature. One line per check; the first that does not hold throws.
/// </summary>
public sealed class ReleaseVerifier(BuildContext context, IReleaseSigner signer, Action<string> report)
{
    /// <param name="imageTag">The tag the release pushed that names its index: the version's own tag, or for an untagged commit its sha-&lt;7 hex&gt; tag.</param>
    public async Task VerifyAsync(string version, string directory, string imageTag)
    {
        var image = context.Options.Settings.Image;
        var sums = Path.Combine(directory, ReleaseBundle.Checksums);
        Check(File.Exists(sums), $"{ReleaseBundle.Checksums} is present in {directory}");
        Check(Verifies(() => signer.VerifyBlob(new Cake.Core.IO.FilePath(sums))), $"{ReleaseBundle.Checksums} is signed ({signer.Describe()})");
        var mismatches = Checksums.Mismatches(File.ReadAllText(sums), directory);
        Check(mismatches.Count == 0, $"every file listed in {ReleaseBundle.Checksums} matches its sha256{(mismatches.Count == 0 ? string.Empty : ": " + string.Join(", ", mismatches))}");

        var charts = Directory.GetFiles(directory, "*.tgz");
        Check(charts.Length == 1, $"one chart package in the release (found {charts.Length})");
        var chart = charts[0];
        Check(Verifies(() => signer.VerifyBlob(new Cake.Core.IO.FilePath(chart))), $"{Path.GetFileName(chart)} is signed");

        var digest = await context.Services.ImageRegistry.ResolveDigestAsync(image.Repository, imageTag);
        Check(digest is not null, $"{image.WithTag(imageTag)} exists in the registry" + (digest is null ? string.Empty : $" ({digest})"));
        Check(await VerifiesAsync(() => signer.VerifyImageAsync(image, digest!)), $"{image.WithDigest(digest!)} is signed");
        if (signer.Settings.Mode != SigningMode.Keyless && await Keys.KeyRevocation.CheckAsync(context.Services.ImageRegistry, context.Options.RepositoryRoot.FullPath, image, digest!) is { } keys)
        {
            Check(keys.Holds, keys.What);
        }

        await CheckProvenanceAsync(version, directory, image, digest!);

        var (chartName, chartVersion, appVersion, values) = ReadChart(chart);
        CheckHelmProvenance(directory, chart);
        Check(chartVersion == version && appVersion == version, $"the chart's version and appVersion are {version} (found {chartVersion}, {appVersion})");
        await CheckChartInRegistryAsync(image, chart, chartName, version);
        var pinnedRepository = YamlScalarEditor.Get(values, ["image", "repository"]);
        var pinnedDigest = YamlScalarEditor.Get(values, ["image", "digest"]);
        Check(pinnedRepository == image.FullName && pinnedDigest == digest, $"the chart pins {image.WithDigest(digest!)} (found {pinnedRepository}@{pinnedDigest})");
        CheckSidecars(Charts.SidecarDigests.Parse(values, $"{Path.GetFileName(chart)}: values.yaml"));

        foreach (var manifest in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(manifest);
            var published = context.Options.Settings.PublishedImage.FullName;
            var unpinned = ContainerImagePinner.Pin(text, published, digest!, manifest, image.FullName).Images.Where(pinned => pinned.Changed).ToList();
            var kustomization = Path.GetFileName(manifest) is not ("kustomization.yaml" or "kustomization.yml")
                || YamlScalarEditor.Get(text, YamlPath.Parse("images[0].digest"), manifest) == digest;
            Check(unpinned.Count == 0 && kustomization, $"{Path.GetFileName(manifest)} pins the signed digest" + (unpinned.Count == 0 ? string.Empty : ": " + string.Join("; ", unpinned)));
        }

        var index = await context.Services.ImageRegistry.GetManifestAsync(image.Repository, digest!)
            ?? throw new InvalidOperationException($"{image.WithDigest(digest!)} disappeared from the registry during verification.");
        var platformEntries = index.AsIndex().Manifests.Where(entry => entry.Platform is { Os: not "unknown" }).ToList();
        await CheckIndexSbomAsync(directory, image, digest!, platformEntries);
        foreach (var entry in platformEntries)
        {
            var platform = new Platform(entry.Platform!.Os, entry.Platform.Architecture, entry.Platform.Variant);
            var sbom = Path.Combine(directory, platform.FileName + ".spdx.json");
            Check(File.Exists(sbom), $"the SBOM of {platform} is a release asset");
            CheckSchema(Path.GetFileName(sbom), System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(sbom))!);
            Check(
                await VerifiesAsync(() => signer.VerifyAttestationAsync(image, entry.Digest, CosignPredicateTypes.SpdxJson, new Cake.Core.IO.FilePath(sbom))),
                $"the SBOM attestation of {platform} ({entry.Digest}) verifies and carries {Path.GetFileName(sbom)}");
        }

        if (signer.Settings.Mode == SigningMode.Keyless)
        {
            await CheckTransparencyLogAsync(directory, image, digest!, platformEntries);
        }

        await CheckBinariesAsync(version, directory, image, digest!);
    }

    /// <summary>A keyless signature is only as good as its Rekor entry: every signature, attestation and blob signature of the release has one.</summary>
    private async Task CheckTransparencyLogAsync(string directory, ImageName image, string digest, IReadOnlyList<OciDescriptor> platforms)
    {
        var record = await Transparency.TransparencyLog.CollectAsync(
            context.Services.ImageRegistry,
            image.Repository,
            [digest, .. platforms.Select(entry => entry.Digest)],
            Directory.GetFiles(directory, "*.sigstore.json"));
        Check(
            record.Entries.Count > 0 && record.Unlogged.Count == 0,
            $"every keyless signature has a transparency-log entry ({record.Entries.Count} in Rekor)" + (record.Unlogged.Count == 0 ? string.Empty : "; none for: " + string.Join("; ", record.Unlogged)));
    }

    /// <summary>Each platform's binary archive is signed and holds, byte for byte, the binaries read afresh from that platform's image of the signed index.</summary>
    private async Task CheckBinariesAsync(string version, string directory, ImageName image, string digest)
    {
        IReadOnlyList<Binaries.PlatformBinaries> platforms;
        try
        {
            platforms = await context.Services.ImageBinaries.ExtractAsync(image, digest, context.Options.Binaries.Paths);
        }
        catch (Exception exception) when (exception is Binaries.ImageFileException or RegistryException)
        {
            Check(false, "the binaries can be read out of the signed platform images: " + exception.Message);
            return;
        }

        var archives = Binaries.BinaryArchive.In(directory).ToDictionary(file => file.GetFilename().FullPath, StringComparer.Ordinal);
        foreach (var (platform, platformDigest, files) in platforms)
        {
            var name = Binaries.BinaryArchive.FileName(Binaries.BinarySettings.FileName(files[0].Path), version, platform);
            Check(archives.TryGetValue(name, out var archive), $"the binaries of {platform} are a release asset ({name})");
            Check(Verifies(() => signer.VerifyBlob(archive!)), $"{name} is signed");
            var packed = Binaries.BinaryArchive.Read(archive!.FullPath);
            foreach (var file in files)
            {
                var fileName = Binaries.BinarySettings.FileName(file.Path);
                var inImage = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Content));
                var inArchive = packed.TryGetValue(fileName, out var content) ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)) : "missing";
                Check(inArchive == inImage, $"{fileName} in {name} is {file.Path} of {image.WithDigest(platformDigest)} byte for byte (sha256 {inImage}; the archive's {inArchive})");
            }
        }
    }

    /// <summary>
    /// The SBOM attested to the index digest (what Kyverno and <c>cosign verify-attestation IMAGE@INDEX</c> read) is the
    /// bundle's, valid SPDX, and covers every platform image of the index by its digest.
    /// </summary>
    private async Task CheckIndexSbomAsync(string directory, ImageName image, string digest, IReadOnlyList<OciDescriptor> platforms)
    {
        var file = Path.Combine(directory, Sbom.IndexSbom.FileName);
        Check(File.Exists(file), $"the SBOM of the index ({Sbom.IndexSbom.FileName}) is a release asset");
        Check(
            await VerifiesAsync(() => signer.VerifyAttestationAsync(image, digest, CosignPredicateTypes.SpdxJson, new Cake.Core.IO.FilePath(file))),
            $"the SBOM attestation of the index {image.WithDigest(digest)} verifies and carries {Sbom.IndexSbom.FileName}");
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        CheckSchema(Sbom.IndexSbom.FileName, document);
        var covered = (document["packages"] as System.Text.Json.Nodes.JsonArray ?? [])
            .SelectMany(package => package?["checksums"] as System.Text.Json.Nodes.JsonArray ?? [])
            .Where(checksum => checksum?["algorithm"]?.GetValue<string>() == "SHA256")
            .Select(checksum => OciDigest.Sha256Prefix + checksum!["checksumValue"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        var missing = platforms.Select(entry => entry.Digest).Where(platform => !covered.Contains(platform)).ToList();
        Check(missing.Count == 0, $"the SBOM of the index covers every platform image ({platforms.Count})" + (missing.Count == 0 ? string.Empty : "; it lacks " + string.Join(", ", missing)));
    }

    /// <summary>The SBOM <paramref name="name"/> validates against the official SPDX schema of the version it declares.</summary>
    private void CheckSchema(string name, System.Text.Json.Nodes.JsonNode document)
    {
        var problems = Sbom.SpdxSchemas.Problems(document);
        Check(problems.Count == 0, $"{name} validates against the official SPDX schema of its version" + (problems.Count == 0 ? string.Empty : ": " + string.Join("; ", problems.Take(3))));
    }

    /// <summary>The chart's OCI tag holds the bundle's very archive: its chart layer's digest is the sha256 of the .tgz.</summary>
    private async Task CheckChartInRegistryAsync(ImageName image, string chart, string? chartName, string version)
    {
        var (repository, tag) = Charts.OciChartPusher.Location(Charts.OciChartPusher.NamespaceOf(image.Repository), chartName ?? string.Empty, version);
        var manifest = await context.Services.ImageRegistry.GetManifestAsync(repository, tag);
        var layer = manifest is null || manifest.IsIndex
            ? null
            : manifest.AsImageManifest().Layers.FirstOrDefault(descriptor => descriptor.MediaType == Charts.OciChartPusher.ChartLayerMediaType)?.Digest;
        var bundle = OciDigest.Sha256Prefix + Checksums.Sha256(chart);
        Check(layer == bundle, $"oci://{image.Registry}/{repository}:{tag} holds {Path.GetFileName(chart)} (chart layer {layer ?? "missing"}, the bundle's {bundle})");
    }

    /// <summary>The provenance attested to the index digest is the bundle's, and names the commit the version tag points at.</summary>
    private async Task CheckProvenanceAsync(string version, string directory, ImageName image, string digest)
    {
        var file = Path.Combine(directory, ProvenanceAttestation.FileName);
        Check(File.Exists(file), $"the provenance ({ProvenanceAttestation.FileName}) is a release asset");
        Check(
            await VerifiesAsync(() => signer.VerifyAttestationAsync(image, digest, CosignPredicateTypes.SlsaProvenance1, new Cake.Core.IO.FilePath(file))),
            $"the SLSA provenance attestation of {image.WithDigest(digest)} verifies and carries {ProvenanceAttestation.FileName}");

        ProvenanceFacts facts;
        try
        {
            facts = ProvenanceFacts.ReadFile(file);
        }
        catch (FormatException exception)
        {
            Check(false, exception.Message);
            return;
        }

        var (tag, tagCommit) = TagCommit(version);
        if (tagCommit is null)
        {
            Check(facts.GitCommit is { Length: 40 }, $"the provenance names commit {facts.GitCommit ?? "(none)"} (no tag v{version} in the local repository to compare it with)");
            return;
        }

        Check(facts.GitCommit == tagCommit, $"the provenance names {tagCommit[..12]}, the commit of tag {tag} (found {facts.GitCommit ?? "no gitCommit"}), built by {facts.BuilderId}");
    }

    /// <summary>The commit a version tag (vX.Y.Z, or X.Y.Z) points at in the local repository, or nulls when there is no such tag.</summary>
    private (string? Tag, string? Commit) TagCommit(string version)
    {
        foreach (var tag in new[] { "v" + version, version })
        {
            var result = context.GitRunner().Run(context.Options.RepositoryRoot, ["rev-parse", "-q", "--verify", $"refs/tags/{tag}^{{commit}}"], allowFailure: true);
            if (result.Succeeded && result.Output.FirstOrDefault(line => line.Length > 0) is { } commit)
            {
                return (tag, commit.Trim());
            }
        }

        return (null, null);
    }

    /// <summary>A published chart pins every sidecar by digest; a rehearsal's may leave some on their tags, which is reported.</summary>
    private void CheckSidecars(IReadOnlyList<Charts.SidecarImage> sidecars)
    {
        var unpinned = sidecars.Where(sidecar => sidecar.Digest is null).Select(sidecar => sidecar.Reference).ToList();
        var what = $"the chart pins its {sidecars.Count} sidecar images by digest" + (unpinned.Count == 0 ? string.Empty : $" (unpinned: {string.Join(", ", unpinned)})");
        if (context.Options.IsPublishing || unpinned.Count == 0)
        {
            Check(unpinned.Count == 0, what);
        }
        else
        {
            report("NOTE   " + what + "; a rehearsal may leave sidecars on their tags, a published release may not");
        }
    }

    private void Check(bool holds, string what)
    {
        if (!holds)
        {
            report("FAILED " + what);
            throw new InvalidOperationException("Release verification failed: " + what);
        }

        report("OK     " + what);
    }

    private static bool Verifies(Action verify)
    {
        try
        {
            verify();
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Tools.ToolFailedException or IOException)
        {
            return false;
        }
    }

    private static async Task<bool> VerifiesAsync(Func<Task> verify)
    {
        try
        {
            await verify();
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Tools.ToolFailedException or RegistryException)
        {
            return false;
        }
    }

    /// <summary>Chart.yaml's version and appVersion and values.yaml, read from inside the package.</summary>
    /// <summary>
    /// The chart's .prov, when released, verifies (with the committed deploy/helm-signing.asc where there is one, else
    /// the released helm-signing.asc) over exactly the packaged Chart.yaml and the package's sha256, as helm verify checks it.
    /// </summary>
    private void CheckHelmProvenance(string directory, string chart)
    {
        var provenance = chart + Charts.HelmProvenance.Extension;
        var name = Path.GetFileName(provenance);
        if (!File.Exists(provenance))
        {
            report($"NOTE   the chart has no Helm provenance file ({name}): it was released without HELM_SIGNING_KEY; helm verify cannot check it");
            return;
        }

        var committed = context.Options.RepositoryRoot.CombineWithFilePath(HelmKeys.DeployedPublicKey).FullPath;
        var keyFile = File.Exists(committed) ? committed : Path.Combine(directory, ReleaseAssembly.HelmPublicKeyAsset);
        Check(File.Exists(keyFile), $"the public key of {name} is a release asset ({ReleaseAssembly.HelmPublicKeyAsset})");
        var key = HelmSigningKey.ReadPublic(File.ReadAllText(keyFile), keyFile);
        var message = Charts.HelmProvenance.MessageFor(chart);
        var verifies = key.GetPublicKeys().Cast<Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKey>().Any(publicKey => Charts.HelmProvenance.Verifies(File.ReadAllText(provenance), message, publicKey));
        Check(verifies, $"{name} verifies with {(keyFile == committed ? HelmKeys.DeployedPublicKey : ReleaseAssembly.HelmPublicKeyAsset)} ({Convert.ToHexString(key.GetPublicKey().GetFingerprint())}) over the packaged Chart.yaml and the package's sha256");
    }

    private static (string? Name, string? Version, string? AppVersion, string Values) ReadChart(string package)
    {
        string? chartYaml = null;
        string? values = null;
        using var gzip = new GZipStream(File.OpenRead(package), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var parts = entry.Name.Split('/');
            if (parts.Length != 2 || entry.DataStream is null)
            {
                continue;
            }

            using var reader = new StreamReader(entry.DataStream);
            if (parts[1] == "Chart.yaml")
            {
                chartYaml = reader.ReadToEnd();
            }
            else if (parts[1] == "values.yaml")
            {
                values = reader.ReadToEnd();
            }
        }

        if (chartYaml is null || values is null)
        {
            throw new InvalidOperationException($"{Path.GetFileName(package)} holds no Chart.yaml or values.yaml at its top level: it is not a Helm chart package.");
        }

        return (YamlScalarEditor.Get(chartYaml, ["name"]), YamlScalarEditor.Get(chartYaml, ["version"]), YamlScalarEditor.Get(chartYaml, ["appVersion"]), values);
    }
}
