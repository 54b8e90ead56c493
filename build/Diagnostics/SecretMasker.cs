namespace Build.Diagnostics;

/// <summary>
/// The secret values of this run (COSIGN_PASSWORD, COSIGN_KEY, GITHUB_TOKEN, REGISTRY_PASSWORD, KMS/HSM credentials, the Actions OIDC request
/// token, and every variable named by --secret-env), replaced by *** wherever text is about to be shown or written; a
/// multi-line value also line by line.
/// </summary>
public sealed partial class SecretMasker
{
    public const string Mask = "***";

    /// <summary>Shorter values are not masked: they would garble every line that happens to contain them, and protect nothing.</summary>
    public const int MinimumLength = 4;
    public const string SecretEnvArgument = "secret-env";
    /// <summary>The known secret variables: <see cref="Configuration.BuildSecrets.MaskedVariables"/>, the single list.</summary>
    public static IReadOnlyList<string> Variables => Configuration.BuildSecrets.MaskedVariables;

    private readonly List<string> _values;

    public SecretMasker(IEnumerable<string?> values)
    {
        // A multi-line secret (a PEM key) is masked whole and line by line: tools and logs print it a line at a time.
        // Longest first, so that a secret containing another is masked whole.
        _values = values
            .Where(value => !string.IsNullOrEmpty(value))
            .SelectMany(value => new[] { value! }.Concat(LinesOf(value!)))
            .Where(value => value.Length >= MinimumLength)
            .Distinct()
            .OrderByDescending(value => value.Length)
            .ToList();
    }

    private static IEnumerable<string> LinesOf(string value) =>
        value.Contains('\n') || value.Contains('\r')
            ? value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>The secrets of the process environment: the known variables and those listed in --secret-env=NAME[,NAME].</summary>
    public static SecretMasker FromEnvironment(Func<string, string?> variable, IEnumerable<string> extraVariableNames)
    {
        var names = Variables.Concat(extraVariableNames.SelectMany(list => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        // COSIGN_KEY is a secret when it holds the key; when it names cosign.key's path, masking the path would only garble messages.
        return new SecretMasker(names.Select(name => variable(name) is { } value && (name != Configuration.BuildSecrets.CosignKeyVariable || InputText.LooksLikeKeyMaterial(value)) ? value : null));
    }

    public IReadOnlyList<string> Values => _values;

    public string Apply(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        // A private key is never shown, whether or not it came from a variable known as secret.
        return text.Contains("PRIVATE KEY-----", StringComparison.Ordinal) ? PrivateKeyBlock().Replace(text, "-----BEGIN $1-----" + Mask) : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY)-----(?:[^-]|-(?!----END ))*(?:-----END \1-----)?")]
    private static partial System.Text.RegularExpressions.Regex PrivateKeyBlock();
}
