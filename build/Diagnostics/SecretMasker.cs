namespace Build.Diagnostics;

/// <summary>
/// The secret values of this run (COSIGN_PASSWORD, GITHUB_TOKEN, REGISTRY_PASSWORD, REGISTRY_USERNAME's password pair,
/// and every variable named by --secret-env), replaced by *** wherever text is about to be shown or written.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";

    /// <summary>Shorter values are not masked: they would garble every line that happens to contain them, and protect nothing.</summary>
    public const int MinimumLength = 4;
    public const string SecretEnvArgument = "secret-env";
    public static readonly IReadOnlyList<string> Variables = ["COSIGN_PASSWORD", "GITHUB_TOKEN", "REGISTRY_PASSWORD", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"];

    private readonly List<string> _values;

    public SecretMasker(IEnumerable<string?> values)
    {
        // Longest first, so that a secret containing another is masked whole.
        _values = values.Where(value => value is { Length: >= MinimumLength }).Select(value => value!).Distinct().OrderByDescending(value => value.Length).ToList();
    }

    /// <summary>The secrets of the process environment: the known variables and those listed in --secret-env=NAME[,NAME].</summary>
    public static SecretMasker FromEnvironment(Func<string, string?> variable, IEnumerable<string> extraVariableNames)
    {
        var names = Variables.Concat(extraVariableNames.SelectMany(list => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return new SecretMasker(names.Select(variable));
    }

    public IReadOnlyList<string> Values => _values;

    public string Apply(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public bool Reveals(string text) => _values.Any(value => text.Contains(value, StringComparison.Ordinal));
}
