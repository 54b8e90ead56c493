using System.Text.RegularExpressions;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Cosign;

/// <summary>
/// Runs cosign 3. Each command's argument list is built by a pure <c>BuildArguments</c> overload, one place per flag;
/// the key password travels only in COSIGN_PASSWORD.
/// </summary>
public sealed partial class CosignRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<CosignSettings>(fileSystem, environment, processRunner, tools)
{
    public const string PasswordVariable = "COSIGN_PASSWORD";

    public const string InstallHint =
        "install cosign 3.x: download it from https://github.com/sigstore/cosign/releases (in GitHub Actions: sigstore/cosign-installer).";

    public ToolResult Sign(string reference, CosignSignSettings settings) =>
        Execute(settings, BuildArguments(reference, settings), what: "cosign sign " + reference);

    public ToolResult Attest(string reference, CosignAttestSettings settings) =>
        Execute(settings, BuildArguments(reference, settings), what: $"cosign attest --type {settings.PredicateType} {reference}");

    /// <summary>Verifies and returns the signatures cosign vouched for (at least one, or cosign fails).</summary>
    public IReadOnlyList<CosignVerifiedSignature> Verify(string reference, CosignVerifySettings settings) =>
        CosignVerification.ParseSignatures(Execute(settings, BuildArguments(reference, settings), what: "cosign verify " + reference).OutputText);

    /// <summary>Verifies and returns the attestations cosign vouched for.</summary>
    public IReadOnlyList<CosignVerifiedAttestation> VerifyAttestation(string reference, CosignVerifyAttestationSettings settings) =>
        CosignVerification.ParseAttestations(
            Execute(settings, BuildArguments(reference, settings), what: $"cosign verify-attestation --type {settings.PredicateType} {reference}").OutputText);

    /// <summary>Signs <paramref name="blob"/> and returns the bundle written.</summary>
    public FilePath SignBlob(FilePath blob, CosignSignBlobSettings settings)
    {
        Execute(settings, BuildArguments(blob, settings), what: "cosign sign-blob " + blob.FullPath);
        return settings.Bundle;
    }

    public ToolResult VerifyBlob(FilePath blob, CosignVerifyBlobSettings settings) =>
        Execute(settings, BuildArguments(blob, settings), what: "cosign verify-blob " + blob.FullPath);

    /// <summary>The PEM public key of <see cref="CosignPublicKeySettings.Key"/>, as cosign prints it.</summary>
    public string PublicKey(CosignPublicKeySettings settings) =>
        Execute(settings, BuildArguments(settings), what: "cosign public-key --key " + settings.Key).OutputText.Trim() + "\n";

    public CosignKeyFiles GenerateKeyPair(CosignGenerateKeyPairSettings settings)
    {
        if (settings.KeyPassword is null)
        {
            throw new ArgumentException(
                $"cosign generate-key-pair needs {nameof(CosignSettings.KeyPassword)} (passed as {PasswordVariable}); without it cosign waits for a password on the terminal.",
                nameof(settings));
        }

        // cosign writes the pair to its working directory.
        settings.WorkingDirectory = settings.OutputDirectory;
        Execute(settings, BuildArguments(settings), what: "cosign generate-key-pair");
        var prefix = settings.OutputKeyPrefix ?? "cosign";
        return new CosignKeyFiles(settings.OutputDirectory.CombineWithFilePath(prefix + ".key"), settings.OutputDirectory.CombineWithFilePath(prefix + ".pub"));
    }

    /// <summary>The resolved cosign executable, or null when it is not installed.</summary>
    public FilePath? Locate() => Locate(new CosignGenerateKeyPairSettings { OutputDirectory = "." });

    public static ProcessArgumentBuilder BuildArguments(string reference, CosignSignSettings settings)
    {
        RequireDigest(reference, "sign");
        RequireTransparencyLogWhenKeyless(settings.Key, settings.TransparencyLog, "sign");
        var builder = new ProcessArgumentBuilder().Append("sign").Append("--yes");
        AppendOptional(builder, "--key", settings.Key);
        AppendSigningFormat(builder, settings.Format, settings.TransparencyLog);
        AppendReferrersMode(builder, settings.ReferrersMode);
        AppendFlag(builder, "--recursive", settings.Recursive);
        AppendAnnotations(builder, settings.Annotations);
        AppendOptional(builder, "--bundle", settings.Bundle?.FullPath);
        AppendRegistry(builder, settings);
        return builder.AppendQuoted(reference);
    }

    public static ProcessArgumentBuilder BuildArguments(string reference, CosignAttestSettings settings)
    {
        RequireDigest(reference, "attest");
        RequireTransparencyLogWhenKeyless(settings.Key, settings.TransparencyLog, "attest");
        var builder = new ProcessArgumentBuilder().Append("attest").Append("--yes");
        AppendOptional(builder, "--key", settings.Key);
        AppendRequired(builder, "--type", settings.PredicateType, nameof(settings.PredicateType));
        AppendRequired(builder, "--predicate", settings.Predicate?.FullPath, nameof(settings.Predicate));
        AppendSigningFormat(builder, settings.Format, settings.TransparencyLog);
        AppendFlag(builder, "--recursive", settings.Recursive);
        AppendRegistry(builder, settings);
        return builder.AppendQuoted(reference);
    }

    public static ProcessArgumentBuilder BuildArguments(string reference, CosignVerifySettings settings)
    {
        RequireReference(reference, "verify");
        var builder = new ProcessArgumentBuilder().Append("verify");
        AppendIdentity(builder, settings.Identity);
        AppendExpectedFormat(builder, settings.ExpectedFormat);
        AppendFlag(builder, "--insecure-ignore-tlog", settings.IgnoreTransparencyLog);
        AppendAnnotations(builder, settings.Annotations);
        AppendRegistry(builder, settings);
        return builder.AppendQuoted(reference);
    }

    public static ProcessArgumentBuilder BuildArguments(string reference, CosignVerifyAttestationSettings settings)
    {
        RequireReference(reference, "verify-attestation");
        var builder = new ProcessArgumentBuilder().Append("verify-attestation");
        AppendRequired(builder, "--type", settings.PredicateType, nameof(settings.PredicateType));
        AppendIdentity(builder, settings.Identity);
        AppendExpectedFormat(builder, settings.ExpectedFormat);
        AppendFlag(builder, "--insecure-ignore-tlog", settings.IgnoreTransparencyLog);
        AppendRegistry(builder, settings);
        return builder.AppendQuoted(reference);
    }

    public static ProcessArgumentBuilder BuildArguments(FilePath blob, CosignSignBlobSettings settings)
    {
        RequireTransparencyLogWhenKeyless(settings.Key, settings.TransparencyLog, "sign-blob");
        var builder = new ProcessArgumentBuilder().Append("sign-blob").Append("--yes");
        AppendOptional(builder, "--key", settings.Key);
        AppendRequired(builder, "--bundle", settings.Bundle?.FullPath, nameof(settings.Bundle));
        AppendSigningFormat(builder, settings.Format, settings.TransparencyLog);
        AppendOptional(builder, "--output-signature", settings.OutputSignature?.FullPath);
        AppendOptional(builder, "--output-certificate", settings.OutputCertificate?.FullPath);
        return builder.AppendQuoted(blob.FullPath);
    }

    public static ProcessArgumentBuilder BuildArguments(FilePath blob, CosignVerifyBlobSettings settings)
    {
        if (settings.Bundle is null && settings.Signature is null)
        {
            throw new ArgumentException($"cosign verify-blob of {blob.FullPath} needs a {nameof(settings.Bundle)} or a {nameof(settings.Signature)} file.", nameof(settings));
        }

        var builder = new ProcessArgumentBuilder().Append("verify-blob");
        AppendIdentity(builder, settings.Identity);
        AppendOptional(builder, "--bundle", settings.Bundle?.FullPath);
        AppendOptional(builder, "--signature", settings.Signature?.FullPath);
        AppendFlag(builder, "--insecure-ignore-tlog", settings.IgnoreTransparencyLog);
        return builder.AppendQuoted(blob.FullPath);
    }

    public static ProcessArgumentBuilder BuildArguments(CosignPublicKeySettings settings) =>
        new ProcessArgumentBuilder().Append("public-key").Append("--key").AppendQuoted(settings.Key);

    public static ProcessArgumentBuilder BuildArguments(CosignGenerateKeyPairSettings settings)
    {
        var builder = new ProcessArgumentBuilder().Append("generate-key-pair");
        AppendOptional(builder, "--output-key-prefix", settings.OutputKeyPrefix);
        return builder;
    }

    /// <summary>The variables cosign gets on top of the process environment: only COSIGN_PASSWORD, when a password is set.</summary>
    public static IReadOnlyDictionary<string, string> BuildEnvironment(CosignSettings settings)
    {
        var variables = new Dictionary<string, string>(settings.EnvironmentVariables ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (settings.KeyPassword is not null)
        {
            variables[PasswordVariable] = settings.KeyPassword;
        }

        return variables;
    }

    protected override string GetToolName() => "cosign";

    protected override IEnumerable<string> GetToolExecutableNames() => ["cosign", "cosign.exe"];

    protected override IDictionary<string, string> GetEnvironmentVariables(CosignSettings settings) =>
        new Dictionary<string, string>(BuildEnvironment(settings));

    private static void AppendSigningFormat(ProcessArgumentBuilder builder, CosignSignatureFormat format, bool transparencyLog)
    {
        // cosign 3 signs through a TUF signing config, which needs the bundle format and a transparency log.
        builder.Append(format == CosignSignatureFormat.Legacy ? "--new-bundle-format=false" : "--new-bundle-format=true");
        if (format == CosignSignatureFormat.Legacy || !transparencyLog)
        {
            builder.Append("--use-signing-config=false");
        }

        if (!transparencyLog)
        {
            builder.Append("--tlog-upload=false");
        }
    }

    private static void AppendExpectedFormat(ProcessArgumentBuilder builder, CosignSignatureFormat? format)
    {
        if (format is { } expected)
        {
            builder.Append(expected == CosignSignatureFormat.Legacy ? "--new-bundle-format=false" : "--new-bundle-format=true");
        }
    }

    private static void AppendReferrersMode(ProcessArgumentBuilder builder, CosignReferrersMode? mode)
    {
        if (mode is { } value)
        {
            builder.Append("--registry-referrers-mode").Append(value == CosignReferrersMode.Legacy ? "legacy" : "oci-1-1");
        }
    }

    private static void AppendIdentity(ProcessArgumentBuilder builder, CosignIdentity? identity)
    {
        if (identity is null)
        {
            throw new ArgumentException("cosign verification needs an Identity: CosignIdentity.PublicKey(...) or CosignIdentity.Keyless(...).", nameof(identity));
        }

        AppendOptional(builder, "--key", identity.Key);
        AppendOptional(builder, "--certificate-identity", identity.CertificateIdentity);
        AppendOptional(builder, "--certificate-identity-regexp", identity.CertificateIdentityRegexp);
        AppendOptional(builder, "--certificate-oidc-issuer", identity.CertificateOidcIssuer);
    }

    private static void AppendAnnotations(ProcessArgumentBuilder builder, IDictionary<string, string> annotations)
    {
        foreach (var (key, value) in annotations)
        {
            builder.Append("-a").AppendQuoted($"{key}={value}");
        }
    }

    private static void AppendRegistry(ProcessArgumentBuilder builder, CosignRegistrySettings settings)
    {
        AppendFlag(builder, "--allow-http-registry", settings.AllowHttpRegistry);
        AppendFlag(builder, "--allow-insecure-registry", settings.AllowInsecureRegistry);
    }

    private static void AppendFlag(ProcessArgumentBuilder builder, string flag, bool enabled)
    {
        if (enabled)
        {
            builder.Append(flag);
        }
    }

    private static void AppendOptional(ProcessArgumentBuilder builder, string flag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.Append(flag).AppendQuoted(value);
        }
    }

    private static void AppendRequired(ProcessArgumentBuilder builder, string flag, string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"cosign {flag} needs a value: set {setting}.", setting);
        }

        builder.Append(flag).AppendQuoted(value);
    }

    private static void RequireReference(string reference, string command)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new ArgumentException($"cosign {command} needs an image reference.", nameof(reference));
        }
    }

    private static void RequireDigest(string reference, string command)
    {
        RequireReference(reference, command);
        if (!DigestReference().IsMatch(reference))
        {
            throw new ArgumentException(
                $"cosign {command} needs an image reference by digest (REPOSITORY@sha256:...), not '{reference}': sign what was pushed, never a tag that can move.",
                nameof(reference));
        }
    }

    private static void RequireTransparencyLogWhenKeyless(string? key, bool transparencyLog, string command)
    {
        if (key is null && !transparencyLog)
        {
            throw new ArgumentException(
                $"cosign {command} without a key signs keyless, which needs the transparency log: set TransparencyLog = true or give a Key.",
                nameof(transparencyLog));
        }
    }

    [GeneratedRegex("@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$")]
    private static partial Regex DigestReference();
}

/// <summary>The two files <c>cosign generate-key-pair</c> writes.</summary>
public sealed record CosignKeyFiles(FilePath PrivateKey, FilePath PublicKey);
