using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Build.Registry;

/// <summary>A <c>WWW-Authenticate</c> challenge: <c>Bearer realm="...",service="...",scope="..."</c> or <c>Basic realm="..."</c>.</summary>
internal sealed partial record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.GetValueOrDefault(name);

    /// <summary>The Bearer challenge of a 401 answer if it has one, else its Basic challenge, else null.</summary>
    public static AuthChallenge? From(HttpResponseMessage response)
    {
        var challenges = response.Headers.WwwAuthenticate.Select(Parse).ToList();
        return challenges.FirstOrDefault(challenge => challenge.IsBearer) ?? challenges.FirstOrDefault(challenge => challenge.IsBasic);
    }

    private static AuthChallenge Parse(AuthenticationHeaderValue header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in ParameterPattern().Matches(header.Parameter ?? ""))
        {
            parameters[match.Groups["key"].Value] = match.Groups["quoted"].Success
                ? match.Groups["quoted"].Value.Replace("\\\"", "\"", StringComparison.Ordinal)
                : match.Groups["plain"].Value;
        }

        return new AuthChallenge(header.Scheme, parameters);
    }

    [GeneratedRegex("""(?<key>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<plain>[^,\s]*))""")]
    private static partial Regex ParameterPattern();
}
