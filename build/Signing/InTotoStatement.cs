using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Build.Registry;

namespace Build.Signing;

/// <summary>
/// The in-toto Statement cosign attest writes into its DSSE envelope: <c>_type</c> Statement v0.1, then
/// <c>predicateType</c>, <c>subject</c> ([{name, digest:{sha256}}]) and <c>predicate</c>, as Go marshals in_toto.Statement.
/// cosign decodes a JSON predicate into a Go map before marshalling, so its object keys come out sorted; this does the same,
/// so the bytes match cosign's for the same predicate.
/// </summary>
public static partial class InTotoStatement
{
    public const string StatementTypeV01 = "https://in-toto.io/Statement/v0.1";

    /// <summary>The DSSE payload type of a statement.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <param name="subjects">Name (cosign uses the repository) and sha256 of each subject; a leading <c>sha256:</c> is accepted.</param>
    public static byte[] Create(string predicateType, IEnumerable<(string Name, string Sha256Hex)> subjects, JsonNode predicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(predicateType);
        var subjectList = subjects.Select(subject => GoJson.Struct(
            ("name", GoJson.Quote(subject.Name)),
            ("digest", GoJson.Map([KeyValuePair.Create("sha256", Hex(subject.Sha256Hex, subject.Name))])))).ToList();
        if (subjectList.Count == 0)
        {
            throw new ArgumentException("An in-toto statement needs at least one subject (the image repository and its manifest digest).", nameof(subjects));
        }

        var json = GoJson.Struct(
            ("_type", GoJson.Quote(StatementTypeV01)),
            ("predicateType", GoJson.Quote(predicateType)),
            ("subject", GoJson.Array(subjectList)),
            ("predicate", GoJson.Value(predicate)));
        return Encoding.UTF8.GetBytes(json);
    }

    private static string Hex(string digest, string subject)
    {
        var hex = digest.StartsWith(OciDigest.Sha256Prefix, StringComparison.Ordinal) ? digest[OciDigest.Sha256Prefix.Length..] : digest;
        return HexPattern().IsMatch(hex)
            ? hex
            : throw new ArgumentException($"The digest '{digest}' of subject '{subject}' is not a sha256 digest (64 lowercase hex digits, optionally after 'sha256:').");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexPattern();
}
