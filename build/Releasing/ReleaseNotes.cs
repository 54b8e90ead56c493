using System.Text;
using Build.Configuration;
using Build.Images;

namespace Build.Releasing;

/// <summary>
/// What a user needs to check a release, generated after the changelog section: digests, tags and the exact commands.
/// The release notes name the files as a user downloads them (cosign.pub, SHA256SUMS); the run's summary gives
/// <see cref="PublicKeyFile"/> and <see cref="BundleDirectory"/> relative to the repository root, so that its commands
/// work when pasted there.
/// </summary>
public sealed record VerificationFacts(
    PushedImage Image,
    SigningMode Mode,
    string? CertificateIdentity,
    bool TransparencyLog,
    string? ChartFile,
    string? ChartSignatureFile,
    string? ChecksumsSignatureFile,
    string PublicKeyFile = "cosign.pub",
    string? BundleDirectory = null,
    string? HelmProvenanceFile = null)
{
    /// <summary>The Rekor entries of the release's signatures (none when it signs with a key and no log).</summary>
    public IReadOnlyList<Transparency.RekorEntry> TransparencyLogEntries { get; init; } = [];
}

public static class ReleaseNotes
{
    public static string Compose(string changelogSection, VerificationFacts facts)
    {
        var text = new StringBuilder();
        text.AppendLine(changelogSection.Trim());
        text.AppendLine();
        text.AppendLine("---");
        text.AppendLine();
        text.AppendLine("### Container image");
        text.AppendLine();
        text.AppendLine($"`{facts.Image.Reference}`");
        text.AppendLine();
        text.AppendLine("| Tag or platform | Digest |");
        text.AppendLine("|---|---|");
        foreach (var tag in facts.Image.Tags)
        {
            text.AppendLine($"| `{tag}` | `{facts.Image.IndexDigest}` |");
        }

        foreach (var (platform, digest) in facts.Image.PlatformDigests)
        {
            text.AppendLine($"| {platform} | `{digest}` |");
        }

        text.AppendLine();
        text.AppendLine("### Verify this release");
        text.AppendLine();
        text.AppendLine(facts.Mode == SigningMode.Keyless
            ? "Signed keyless by the release workflow; check the identity, never just the signature:"
            : "Signed with the project's key pair; check against `cosign.pub` (an asset of this release, and `deploy/cosign.pub`):");
        text.AppendLine();
        text.AppendLine("```bash");
        foreach (var command in Commands(facts))
        {
            text.AppendLine(command);
        }

        text.AppendLine("```");
        if (facts is { HelmProvenanceFile: { } provenance, ChartFile: { } chart })
        {
            text.AppendLine();
            text.AppendLine($"The chart's Helm provenance `{provenance}` (`helm verify`, `helm install --verify`) is signed with the OpenPGP key `{ReleaseAssembly.HelmPublicKeyAsset}`:");
            text.AppendLine();
            text.AppendLine("```bash");
            text.AppendLine($"gpg --dearmor < {ReleaseAssembly.HelmPublicKeyAsset} > helm-signing.gpg");
            text.AppendLine($"helm verify --keyring helm-signing.gpg {ShellWord(chart)}");
            text.AppendLine("```");
        }

        AppendTransparencyLog(text, facts.TransparencyLogEntries);
        return text.ToString();
    }

    /// <summary>A "Transparency log" section: each signature's Rekor entry, with its link in Sigstore's search.</summary>
    public static void AppendTransparencyLog(StringBuilder text, IReadOnlyList<Transparency.RekorEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("### Transparency log");
        text.AppendLine();
        text.AppendLine("| Signed | Rekor entry | Integrated |");
        text.AppendLine("|---|---|---|");
        foreach (var entry in entries)
        {
            var time = entry.IntegratedTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            text.AppendLine($"| {entry.Subject} | [{entry.LogIndex}]({entry.SearchUrl}) (`{entry.Uuid[..12]}`) | {time} UTC |");
        }
    }

    public static IReadOnlyList<string> Commands(VerificationFacts facts)
    {
        var who = facts.Mode == SigningMode.Keyless
            ? $"--certificate-identity {facts.CertificateIdentity} --certificate-oidc-issuer {SigningSettings.GitHubIssuer}"
            : $"--key {ShellWord(facts.PublicKeyFile)}" + (facts.TransparencyLog ? string.Empty : " --insecure-ignore-tlog=true");
        var commands = new List<string>
        {
            $"cosign verify {who} {facts.Image.Reference}",
            $"cosign verify-attestation --type slsaprovenance1 {who} {facts.Image.Reference}",
        };
        if (facts.Image.PlatformDigests.Count > 0)
        {
            // The index's SBOM, which covers every platform: what Kyverno checks on the digest it deploys.
            commands.Add($"cosign verify-attestation --type spdxjson {who} {facts.Image.Reference}");
        }

        commands.AddRange(facts.Image.PlatformDigests.Values.Select(digest =>
            $"cosign verify-attestation --type spdxjson {who} {facts.Image.Repository.WithDigest(digest)}"));
        if (facts.ChartFile is not null && facts.ChartSignatureFile is not null)
        {
            commands.Add(BlobCommand(facts.ChartFile, facts.ChartSignatureFile, who));
        }

        if (facts.ChecksumsSignatureFile is not null)
        {
            var sums = facts.BundleDirectory is null ? "SHA256SUMS" : Path.Combine(facts.BundleDirectory, "SHA256SUMS");
            commands.Add(BlobCommand(sums, facts.ChecksumsSignatureFile, who));
            // SHA256SUMS names the files relative to its own directory.
            commands.Add(facts.BundleDirectory is null ? "sha256sum -c SHA256SUMS" : $"(cd {ShellWord(facts.BundleDirectory)} && sha256sum -c SHA256SUMS)");
        }

        return commands;
    }

    /// <summary>A path as one shell word: as it is when it holds only safe characters, otherwise in single quotes.</summary>
    private static string ShellWord(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+@:=,".Contains(c)) ? path : "'" + path.Replace("'", "'\\''") + "'";

    private static string BlobCommand(string file, string signature, string who) =>
        signature.EndsWith(".sigstore.json", StringComparison.Ordinal)
            ? $"cosign verify-blob {who} --bundle {ShellWord(signature)} {ShellWord(file)}"
            : $"cosign verify-blob {who} --signature {ShellWord(signature)} {ShellWord(file)}";
}
