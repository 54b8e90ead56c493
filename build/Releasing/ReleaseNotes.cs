using System.Text;
using Build.Configuration;
using Build.Images;

namespace Build.Releasing;

/// <summary>What a user needs to check a release, generated after the changelog section: digests, tags and the exact commands.</summary>
public sealed record VerificationFacts(
    PushedImage Image,
    SigningMode Mode,
    string? CertificateIdentity,
    bool TransparencyLog,
    string? ChartFile,
    string? ChartSignatureFile,
    string? ChecksumsSignatureFile);

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
        return text.ToString();
    }

    public static IReadOnlyList<string> Commands(VerificationFacts facts)
    {
        var who = facts.Mode == SigningMode.Keyless
            ? $"--certificate-identity {facts.CertificateIdentity} --certificate-oidc-issuer {SigningSettings.GitHubIssuer}"
            : "--key cosign.pub" + (facts.TransparencyLog ? string.Empty : " --insecure-ignore-tlog=true");
        var commands = new List<string>
        {
            $"cosign verify {who} {facts.Image.Reference}",
            $"cosign verify-attestation --type slsaprovenance1 {who} {facts.Image.Reference}",
        };
        commands.AddRange(facts.Image.PlatformDigests.Values.Select(digest =>
            $"cosign verify-attestation --type spdxjson {who} {facts.Image.Repository.WithDigest(digest)}"));
        if (facts.ChartFile is not null && facts.ChartSignatureFile is not null)
        {
            commands.Add(BlobCommand(facts.ChartFile, facts.ChartSignatureFile, who));
        }

        if (facts.ChecksumsSignatureFile is not null)
        {
            commands.Add(BlobCommand("SHA256SUMS", facts.ChecksumsSignatureFile, who));
            commands.Add("sha256sum -c SHA256SUMS");
        }

        return commands;
    }

    private static string BlobCommand(string file, string signature, string who) =>
        signature.EndsWith(".sigstore.json", StringComparison.Ordinal)
            ? $"cosign verify-blob {who} --bundle {signature} {file}"
            : $"cosign verify-blob {who} --signature {signature} {file}";
}
