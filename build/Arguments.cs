namespace Build;

/// <summary>The names of the build's own command-line arguments (Cake's own, such as --target, are parsed by the host).</summary>
public static class Arguments
{
    public const string Mode = "mode";
    public const string Image = "image";
    public const string Builder = "builder";
    public const string SigningKey = "signing-key";
    public const string SignPlatforms = "sign-platforms";
    public const string SignatureFormat = "signature-format";
    public const string BumpChart = "bump-chart";
    public const string Force = "force";
    public const string Version = "version";
    public const string Key = "key";
    public const string Platform = "platform";
    public const string PushByDigest = "push-by-digest";
    public const string FromDigests = "from-digests";
    public const string Format = "format";

    /// <summary>GenerateKeys --helm: make the project's Helm (OpenPGP) signing key instead of the cosign pair.</summary>
    public const string Helm = "helm";

    public const string KeyId = "key-id";
    public const string Reason = "reason";

    /// <summary>Every argument above, and the secret-env argument the log masking reads.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Constants(typeof(Arguments)), Diagnostics.SecretMasker.SecretEnvArgument];

    internal static IEnumerable<string> Constants(Type type) =>
        type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);
}

/// <summary>The keys read from cake.config (section_key); CAKE_SECTION_KEY variables and --section_key=value override them.</summary>
public static class SettingKeys
{
    public const string Image = "Release_Image";
    public const string RehearsalImage = "Release_RehearsalImage";
    public const string Platforms = "Release_Platforms";
    public const string Context = "Release_Context";
    public const string Dockerfile = "Release_Dockerfile";
    public const string Chart = "Release_Chart";
    public const string Manifests = "Release_Manifests";
    public const string Artifacts = "Release_Artifacts";
    public const string Builder = "Release_Builder";
    public const string Latest = "Release_Latest";
    public const string Title = "Release_Title";
    public const string Description = "Release_Description";
    public const string Url = "Release_Url";
    public const string Source = "Release_Source";
    public const string Licenses = "Release_Licenses";
    public const string BuildahStorage = "Release_BuildahStorage";
    public const string BuildahDriver = "Release_BuildahDriver";
    public const string GitHubApi = "Release_GitHubApi";
    public const string GitHubRepository = "Release_GitHubRepository";

    /// <summary>Every setting the build reads: the keys above, the scan gate's and the retries'.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. Arguments.Constants(typeof(SettingKeys)),
        Configuration.ScanSettings.FailOnKey, Configuration.ScanSettings.IgnoreUnfixedKey, Configuration.ScanSettings.IgnoreFileKey,
        Resilience.RetrySettings.RetriesKey, Resilience.RetrySettings.RetryDelayKey,
        Announcing.AnnounceSettings.FormatKey,
        HelmRepository.HelmRepositorySettings.RepositoryKey, HelmRepository.HelmRepositorySettings.BranchKey, HelmRepository.HelmRepositorySettings.ArtifactHubRepositoryIdKey,
        Configuration.HelmProvenanceSettings.RequireProvenanceKey,
        Binaries.BinarySettings.Key,
    ];
}
