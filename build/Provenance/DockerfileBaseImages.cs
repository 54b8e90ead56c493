using System.Text.RegularExpressions;

namespace Build.Provenance;

/// <summary>An image a Dockerfile builds FROM: <see cref="Digest"/> is set when the reference pins it (name@sha256:...).</summary>
/// <param name="Reference">The reference as the FROM line gives it, with global ARG defaults filled in.</param>
/// <param name="Line">The line of the FROM instruction (1-based), for messages.</param>
public sealed partial record BaseImage(string Reference, int Line)
{
    private const string DockerHub = "docker.io";

    /// <summary>The sha256 hex digest the reference pins, or null for a reference by tag only.</summary>
    public string? Digest => PinnedDigest().Match(Reference) is { Success: true } match ? match.Groups["hex"].Value : null;

    public bool IsPinned => Digest is not null;

    /// <summary>
    /// The dependency SLSA records for a pinned image: a package URL (pkg:docker/NAME@VERSION, the registry as
    /// repository_url unless it is Docker Hub) and the digest. Null for an unpinned image, whose content is unknown.
    /// </summary>
    public ResourceDescriptor? ToDependency()
    {
        if (Digest is not { } digest)
        {
            return null;
        }

        var name = Reference[..Reference.IndexOf('@', StringComparison.Ordinal)];
        string? tag = null;
        var lastColon = name.LastIndexOf(':');
        if (lastColon > name.LastIndexOf('/'))
        {
            tag = name[(lastColon + 1)..];
            name = name[..lastColon];
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : name[..slash];
        var hasRegistry = first is not null && (first.Contains('.') || first.Contains(':') || first == "localhost");
        var registry = hasRegistry ? first! : DockerHub;
        var path = hasRegistry ? name[(slash + 1)..] : name;
        var version = tag ?? "sha256%3A" + digest;
        var uri = $"pkg:docker/{path}@{version}" + (registry == DockerHub ? string.Empty : "?repository_url=" + Uri.EscapeDataString(registry));
        return new ResourceDescriptor(uri, new Dictionary<string, string> { ["sha256"] = digest });
    }

    [GeneratedRegex("@sha256:(?<hex>[0-9a-f]{64})$")]
    private static partial Regex PinnedDigest();
}

/// <summary>
/// The base images of a Dockerfile: the FROM images that are neither <c>scratch</c> nor an earlier stage
/// (<c>FROM x AS build</c> ... <c>FROM build</c>). Global ARG defaults (ARG before the first FROM) are filled in.
/// </summary>
public static partial class DockerfileBaseImages
{
    public static IReadOnlyList<BaseImage> Parse(string dockerfile)
    {
        var images = new List<BaseImage>();
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenFrom = false;
        foreach (var (line, text) in Instructions(dockerfile))
        {
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var keyword = words[0].ToUpperInvariant();
            if (keyword == "ARG" && !seenFrom)
            {
                foreach (var declaration in words.Skip(1))
                {
                    var equals = declaration.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        arguments[declaration[..equals]] = declaration[(equals + 1)..].Trim('"', '\'');
                    }
                }
            }
            else if (keyword == "FROM")
            {
                seenFrom = true;
                var operands = words.Skip(1).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToList();
                if (operands.Count == 0)
                {
                    continue;
                }

                var image = Substitute(operands[0], arguments);
                if (!image.Equals("scratch", StringComparison.OrdinalIgnoreCase) && !stages.Contains(image))
                {
                    images.Add(new BaseImage(image, line));
                }

                if (operands.Count == 3 && operands[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    stages.Add(operands[2]);
                }
            }
        }

        return images;
    }

    /// <summary>The instructions with their first line number: continuation lines joined, comments and blank lines dropped.</summary>
    private static IEnumerable<(int Line, string Text)> Instructions(string dockerfile)
    {
        var lines = dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var current = new List<string>();
        var start = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            var trimmed = lines[index].Trim();
            if (trimmed.StartsWith('#') || (trimmed.Length == 0 && current.Count == 0))
            {
                continue;
            }

            if (current.Count == 0)
            {
                start = index + 1;
            }

            var continued = trimmed.EndsWith('\\');
            current.Add(continued ? trimmed[..^1] : trimmed);
            if (!continued)
            {
                var text = string.Join(' ', current).Trim();
                current.Clear();
                if (text.Length > 0)
                {
                    yield return (start, text);
                }
            }
        }
    }

    private static string Substitute(string image, IReadOnlyDictionary<string, string> arguments) =>
        Variable().Replace(image, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return arguments.TryGetValue(name, out var value) ? value : match.Value;
        });

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
