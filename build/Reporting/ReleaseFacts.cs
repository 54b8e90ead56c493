using System.Text;
using Build.Configuration;
using Build.Releasing;
using Build.Tools.Cosign;

namespace Build.Reporting;

/// <summary>The facts of a release run, for the end of the log and the job summary.</summary>
public sealed record ReleaseFacts(
    string Version,
    IReadOnlyList<string> Tags,
    string? Image,
    string? Digest,
    IReadOnlyDictionary<string, string> Platforms,
    string? Signing,
    string? PublicKey,
    IReadOnlyList<string> Sboms,
    IReadOnlyList<string> Scan,
    string? Chart,
    string? Release,
    IReadOnlyList<string> VerifyCommands)
{
    /// <summary>The Rekor entries of the release's signatures, for the job summary.</summary>
    public IReadOnlyList<Transparency.RekorEntry> TransparencyLog { get; init; } = [];

    public static ReleaseFacts Of(BuildContext context)
    {
        var version = context.VersionOrNull!;
        var pushed = context.PushedOrNull;
        var signed = context.Results.SignedDigests.ValueOrDefault ?? [];
        var signer = pushed is not null && (context.Options.Plan.Has<Tasks.SignTask>() || signed.Count > 0) ? context.Services.Signer : null;
        var sboms = context.Results.Artifacts.OfKind(Artifacts.ArtifactKind.Sbom).ToList();
        var signedBy = signed.Count > 0 ? signer : null;
        var commands = pushed is not null && signer is not null
            ? ReleaseNotes.Commands(new VerificationFacts(
                // Only the platforms whose SBOM was attested in this run have an attestation to verify.
                pushed with { PlatformDigests = pushed.PlatformDigests.Where(pair => sboms.Any(sbom => sbom.Digest == pair.Value)).ToDictionary() },
                signer.Settings.Mode,
                signer.Settings.CertificateIdentity,
                signer.UsesTransparencyLog,
                // Paths relative to the repository root: the summary's commands work when pasted there.
                context.ChartOrNull is null ? null : RelativeToRepository(context, context.ChartOrNull.Package.FullPath),
                context.ChartOrNull is null ? null : RelativeToRepository(context, context.ChartOrNull.Signature.FullPath),
                context.Results.ReleaseDirectory.ValueOrDefault is null ? null : RelativeToRepository(context, signer.BlobSignatureOf(new Cake.Core.IO.FilePath(Path.Combine(context.Results.ReleaseDirectory.ValueOrDefault, ReleaseBundle.Checksums))).FullPath),
                signer.Settings.Mode == SigningMode.Keyless ? "cosign.pub" : RelativeToRepository(context, signer.Settings.PublicKey.FullPath),
                context.Results.ReleaseDirectory.ValueOrDefault is null ? null : RelativeToRepository(context, context.Results.ReleaseDirectory.ValueOrDefault)))
            : [];
        if (context.Results.PushedByDigest.ValueOrDefault is { } byDigest)
        {
            // A platform push moves no tag: the merging run (--from-digests) tags, signs and releases.
            return new ReleaseFacts(
                version.Version.ToString(),
                [],
                context.Options.Settings.Image.FullName,
                null,
                byDigest.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                null,
                null,
                [],
                [],
                null,
                null,
                []);
        }

        return new ReleaseFacts(
            version.Version.ToString(),
            context.Tags,
            pushed?.Repository.FullName,
            pushed?.IndexDigest,
            pushed?.PlatformDigests.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value) ?? new Dictionary<string, string>(),
            signedBy is null ? null : $"{signedBy.Describe()}, {SignatureStorage(signedBy.Settings.Format)}",
            // The commands name cosign.pub: say which file that is (keyless signatures have no key).
            signedBy is null || signedBy.Settings.Mode == SigningMode.Keyless ? null : RelativeToRepository(context, signedBy.Settings.PublicKey.FullPath),
            sboms.Select(artifact => RelativeToRepository(context, artifact.Path.FullPath)).ToList(),
            (context.Results.ScanResults.ValueOrDefault ?? []).ToList(),
            context.ChartOrNull is null ? null : $"{context.ChartOrNull.Package.GetFilename()} (oci://{context.ChartOrNull.OciReference}@{context.ChartOrNull.OciDigest})",
            context.Results.ReleaseUrl.ValueOrDefault ?? (context.Results.ReleaseDirectory.ValueOrDefault is null ? null : RelativeToRepository(context, context.Results.ReleaseDirectory.ValueOrDefault)),
            commands)
        {
            TransparencyLog = context.Results.TransparencyLog.ValueOrDefault ?? [],
        };
    }

    public string Text()
    {
        var text = new StringBuilder();
        text.AppendLine($"Release {Version}");
        Line(text, "Tags", Tags.Count > 0 ? string.Join(", ", Tags) : "none (platform images pushed by digest)");
        if (Image is not null)
        {
            Line(text, "Image", Digest is null ? Image : $"{Image}@{Digest}");
            foreach (var (platform, digest) in Platforms)
            {
                Line(text, platform, digest);
            }
        }

        Line(text, "Signed", Signing);
        Line(text, "cosign.pub", PublicKey);
        foreach (var sbom in Sboms)
        {
            Line(text, "SBOM", sbom);
        }

        foreach (var scan in Scan)
        {
            Line(text, "Scan", scan);
        }

        Line(text, "Chart", Chart);
        Line(text, "Release", Release);
        if (VerifyCommands.Count > 0)
        {
            text.AppendLine("Verify it with:");
            foreach (var command in VerifyCommands)
            {
                text.AppendLine("  " + command);
            }
        }

        return text.ToString();
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"**Version** `{Version}`, " + (Tags.Count > 0 ? $"tags {string.Join(", ", Tags.Select(tag => $"`{tag}`"))}" : "no tags (platform images pushed by digest)")).AppendLine();
        if (Image is not null)
        {
            text.AppendLine("| Image | Digest |").AppendLine("|---|---|");
            text.AppendLine(Digest is null ? $"| `{Image}` (by digest) | |" : $"| `{Image}` (index) | `{Digest}` |");
            foreach (var (platform, digest) in Platforms)
            {
                text.AppendLine($"| {platform} | `{digest}` |");
            }

            text.AppendLine();
        }

        if (Signing is not null)
        {
            text.AppendLine($"**Signed** {Signing}").AppendLine();
        }

        if (PublicKey is not null)
        {
            text.AppendLine($"**cosign.pub** `{PublicKey}`").AppendLine();
        }

        if (Sboms.Count > 0)
        {
            text.AppendLine("**SBOMs** " + string.Join(", ", Sboms.Select(sbom => $"`{Path.GetFileName(sbom)}`"))).AppendLine();
        }

        foreach (var scan in Scan)
        {
            text.AppendLine($"**Scan** {scan}").AppendLine();
        }

        if (Release is not null)
        {
            text.AppendLine($"**Release** {Release}").AppendLine();
        }

        if (VerifyCommands.Count > 0)
        {
            text.AppendLine("**Verify it with**").AppendLine();
            text.AppendLine("```bash").AppendLine(string.Join('\n', VerifyCommands)).AppendLine("```");
        }

        ReleaseNotes.AppendTransparencyLog(text, TransparencyLog);

        return text.ToString();
    }

    private static string SignatureStorage(CosignSignatureFormat format) => format == CosignSignatureFormat.Bundle
        ? "Sigstore bundle as an OCI referrer"
        : "legacy .sig tags";

    private static string RelativeToRepository(BuildContext context, string path)
    {
        var relative = Path.GetRelativePath(context.Options.RepositoryRoot.FullPath, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.AppendLine($"  {name,-12} {value}");
        }
    }
}
