using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Build.Configuration;
using YamlDotNet.RepresentationModel;

namespace Build.Keys;

/// <summary>
/// deploy/keys/keys.yaml: every public key the project has signed with, never deleted. Read with every entry checked
/// (a problem names the file and the entry), written in one fixed layout so that a rotation is a small diff.
/// </summary>
public static partial class KeysFile
{
    public const string Folder = "deploy/keys";
    public const string RelativePath = Folder + "/keys.yaml";

    public static string PublicKeyFileOf(string id) => $"{Folder}/cosign-{id[..12]}.pub";

    public static string PrivateKeyFileOf(string id) => $"cosign-{id[..12]}.key";

    public static string PathIn(string root) => Path.Combine(root, RelativePath);

    /// <summary>The keys listed under <paramref name="root"/>, or none when there is no keys.yaml yet.</summary>
    public static IReadOnlyList<ProjectKey> Read(string root)
    {
        var path = PathIn(root);
        return File.Exists(path) ? Parse(File.ReadAllText(path), RelativePath, root) : [];
    }

    /// <summary>
    /// Parses and checks keys.yaml. With <paramref name="root"/>, each key's file must exist and hash to its id.
    /// Every problem is collected; one exception lists them all.
    /// </summary>
    public static IReadOnlyList<ProjectKey> Parse(string text, string source, string? root = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException exception)
        {
            throw new BuildConfigurationException($"{source} is not valid YAML ({exception.Start}): {exception.Message}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode top
            || !top.Children.TryGetValue(new YamlScalarNode("keys"), out var list) || list is not YamlSequenceNode sequence)
        {
            throw new BuildConfigurationException($"{source} must be one mapping with a 'keys:' list (see SECURITY.md, 'Key rotation').");
        }

        var problems = new List<string>();
        var keys = new List<ProjectKey>();
        var index = 0;
        foreach (var node in sequence)
        {
            var entry = $"{source}: keys[{index++}]";
            if (node is not YamlMappingNode mapping)
            {
                problems.Add($"{entry} is not a mapping of id, file, created, expires, status");
                continue;
            }

            var fields = mapping.Children.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value is YamlScalarNode scalar ? scalar.Value : null, StringComparer.Ordinal);
            var id = fields.GetValueOrDefault("id");
            if (id is not null && IdPattern().IsMatch(id))
            {
                entry += $" (id {id[..12]})";
            }

            var before = problems.Count;
            foreach (var unknown in fields.Keys.Except(KnownFields, StringComparer.Ordinal))
            {
                problems.Add($"{entry} has an unknown field '{unknown}' (known: {string.Join(", ", KnownFields)})");
            }

            if (id is null || !IdPattern().IsMatch(id))
            {
                problems.Add($"{entry}: id must be the key's SHA-256 fingerprint, 64 lower-case hex digits (found '{id}')");
            }

            var file = fields.GetValueOrDefault("file");
            var created = Date(fields, "created", entry, problems);
            var expires = Date(fields, "expires", entry, problems);
            var status = Status(fields.GetValueOrDefault("status"), entry, problems);
            DateOnly? revoked = null;
            var reason = fields.GetValueOrDefault("reason");
            if (status == KeyStatus.Revoked)
            {
                revoked = Date(fields, "revoked", entry, problems);
                if (string.IsNullOrWhiteSpace(reason))
                {
                    problems.Add($"{entry} is revoked but has no reason: add 'reason: <why it was revoked>'");
                }
            }
            else if (status is not null && (fields.ContainsKey("revoked") || fields.ContainsKey("reason")))
            {
                problems.Add($"{entry} is {fields["status"]} but has 'revoked'/'reason': only a revoked key has them (a revoked key is never made {fields["status"]} again)");
            }

            if (created is { } start && expires is { } end && end <= start)
            {
                problems.Add($"{entry}: expires {end:yyyy-MM-dd} is not after created {start:yyyy-MM-dd}");
            }

            if (problems.Count == before && file != PublicKeyFileOf(id!))
            {
                problems.Add($"{entry}: file must be {PublicKeyFileOf(id!)} (found '{file}')");
            }
            else if (problems.Count == before && root is not null)
            {
                CheckKeyFile(root, file!, id!, entry, problems);
            }

            if (problems.Count == before)
            {
                keys.Add(new ProjectKey(id!, file!, created!.Value, expires!.Value, status!.Value, revoked, reason));
            }
        }

        foreach (var duplicate in keys.GroupBy(key => key.Id).Where(group => group.Count() > 1))
        {
            problems.Add($"{source}: key {duplicate.Key[..12]} is listed {duplicate.Count()} times");
        }

        if (keys.Count(key => key.Status == KeyStatus.Active) > 1)
        {
            problems.Add($"{source}: more than one key is active ({string.Join(", ", keys.Where(key => key.Status == KeyStatus.Active).Select(key => key.ShortId))}); exactly one signs, the others are retired");
        }

        return problems.Count == 0 ? keys : throw new BuildConfigurationException(problems);
    }

    private static readonly string[] KnownFields = ["id", "file", "created", "expires", "status", "revoked", "reason"];

    private static void CheckKeyFile(string root, string file, string id, string entry, List<string> problems)
    {
        var path = Path.Combine(root, file);
        if (!File.Exists(path))
        {
            problems.Add($"{entry}: {file} does not exist; a key's public half is never deleted (restore it from git history)");
            return;
        }

        try
        {
            var actual = KeyFingerprint.OfPem(File.ReadAllText(path), file);
            if (actual != id)
            {
                problems.Add($"{entry}: {file} is a different key (fingerprint {actual[..12]}, not {id[..12]})");
            }
        }
        catch (Signing.SigningKeyException exception)
        {
            problems.Add($"{entry}: {exception.Message}");
        }
    }

    private static DateOnly? Date(Dictionary<string, string?> fields, string name, string entry, List<string> problems)
    {
        var text = fields.GetValueOrDefault(name);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"{entry}: {name} must be a date YYYY-MM-DD (found '{text}')");
        return null;
    }

    private static KeyStatus? Status(string? text, string entry, List<string> problems)
    {
        switch (text)
        {
            case "active": return KeyStatus.Active;
            case "retired": return KeyStatus.Retired;
            case "revoked": return KeyStatus.Revoked;
            default:
                problems.Add($"{entry}: status must be active, retired or revoked (found '{text}')");
                return null;
        }
    }

    /// <summary>keys.yaml's text for <paramref name="keys"/>, oldest first.</summary>
    public static string Format(IEnumerable<ProjectKey> keys)
    {
        var text = new StringBuilder()
            .Append("# Every public key this project has signed with; none is ever deleted. Written by ./build.sh --target=RotateKeys\n")
            .Append("# and --target=RevokeKey (see SECURITY.md). id: SHA-256 of the key's DER SubjectPublicKeyInfo\n")
            .Append("# (openssl pkey -pubin -in FILE -outform DER | sha256sum). Admission policies accept every key not revoked.\n")
            .Append("keys:\n");
        foreach (var key in keys)
        {
            text.Append("  - id: ").Append(key.Id).Append('\n')
                .Append("    file: ").Append(key.File).Append('\n')
                .Append("    created: ").Append(Day(key.Created)).Append('\n')
                .Append("    expires: ").Append(Day(key.Expires)).Append('\n')
                .Append("    status: ").Append(key.Status.ToString().ToLowerInvariant()).Append('\n');
            if (key.Status == KeyStatus.Revoked)
            {
                // A JSON string is a YAML double-quoted scalar: the reason is text, whatever characters it holds.
                text.Append("    revoked: ").Append(Day(key.Revoked!.Value)).Append('\n')
                    .Append("    reason: ").Append(System.Text.Json.JsonSerializer.Serialize(key.Reason)).Append('\n');
            }
        }

        return text.ToString();
    }

    public static void Write(string root, IEnumerable<ProjectKey> keys)
    {
        var path = PathIn(root);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temporary, Format(keys));
        File.Move(temporary, path, overwrite: true);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex IdPattern();
}
