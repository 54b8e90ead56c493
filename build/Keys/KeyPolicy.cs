using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Build.Keys;

/// <summary>
/// The key-based Kyverno policy (deploy/policies/kyverno-verify-rds-csi-key.yaml) made to accept exactly the keys that
/// are not revoked: every <c>attestors[].entries</c> list holds one <c>keys.publicKeys</c> entry per key, under the
/// attestor's <c>count: 1</c> (any one of them suffices). The file is edited as text, so its comments and every other
/// line stay as they are; each entry keeps the lines the first entry had besides its key (the rekor settings).
/// Gatekeeper/Ratify verify keyless signatures and hold no key.
/// </summary>
public static partial class KeyPolicy
{
    public const string RelativePath = "deploy/policies/kyverno-verify-rds-csi-key.yaml";

    /// <summary>The placeholder of a policy no key has been rendered into yet (render-key-policy.sh fills it in).</summary>
    public const string Placeholder = "REPLACE-WITH-THE-CONTENT-OF-deploy/cosign.pub";

    /// <summary><paramref name="policy"/> with every attestor's entries replaced by one per key of <paramref name="keys"/> (id, PEM); no keys puts the placeholder back.</summary>
    public static string Render(string policy, IReadOnlyList<(string Id, string Pem)> keys)
    {
        var lines = policy.Replace("\r\n", "\n").Split('\n').ToList();
        var anchored = new HashSet<string>(StringComparer.Ordinal);
        var output = new List<string>();
        var blocks = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            output.Add(lines[i]);
            var entries = EntriesLine().Match(lines[i]);
            var first = NextNonBlank(lines, i + 1);
            if (!entries.Success || first < 0 || !KeysItemLine().IsMatch(lines[first]) || Indent(lines[first]) <= Indent(lines[i]))
            {
                continue;
            }

            var entriesIndent = Indent(lines[i]);
            var end = first;
            while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > entriesIndent))
            {
                end++;
            }

            while (end > first && lines[end - 1].Trim().Length == 0)
            {
                end--;
            }

            output.AddRange(Entries(lines.GetRange(first, end - first), keys, anchored));
            blocks++;
            i = end - 1;
        }

        return blocks == 0
            ? throw new FormatException($"{RelativePath} has no 'attestors: - entries: - keys:' list to put the keys in.")
            : string.Join('\n', output);
    }

    /// <summary>The generated entries for one attestor, shaped like its first entry.</summary>
    private static IEnumerable<string> Entries(List<string> block, IReadOnlyList<(string Id, string Pem)> keys, HashSet<string> anchored)
    {
        var itemIndent = Indent(block[0]);
        var itemEnd = 1;
        while (itemEnd < block.Count && !(Indent(block[itemEnd]) == itemIndent && block[itemEnd].TrimStart().StartsWith("- ", StringComparison.Ordinal)))
        {
            itemEnd++;
        }

        var item = block.GetRange(0, itemEnd);
        var keyLine = item.FindIndex(line => line.TrimStart().StartsWith("publicKeys:", StringComparison.Ordinal));
        if (keyLine < 0)
        {
            throw new FormatException($"{RelativePath}: the entry '{block[0].Trim()}' has no publicKeys line.");
        }

        var keyIndent = Indent(item[keyLine]);
        var scalarEnd = keyLine + 1;
        while (scalarEnd < item.Count && (item[scalarEnd].Trim().Length == 0 || Indent(item[scalarEnd]) > keyIndent))
        {
            scalarEnd++;
        }

        var head = item.GetRange(1, keyLine - 1);
        var tail = item.GetRange(scalarEnd, item.Count - scalarEnd);
        var pad = new string(' ', keyIndent);
        IEnumerable<(string Anchor, string Pem)> wanted = keys.Count == 0
            ? [("rds-csi-cosign-pub", $"-----BEGIN PUBLIC KEY-----\n{Placeholder}\n-----END PUBLIC KEY-----")]
            : keys.Select(key => ("rds-csi-key-" + key.Id[..12], key.Pem));
        foreach (var (anchor, pem) in wanted)
        {
            yield return new string(' ', itemIndent) + "- keys:";
            foreach (var line in head)
            {
                yield return line;
            }

            if (anchored.Add(anchor))
            {
                yield return $"{pad}publicKeys: &{anchor} |-";
                foreach (var line in pem.Trim().Split('\n'))
                {
                    yield return pad + "  " + line.TrimEnd('\r');
                }
            }
            else
            {
                yield return $"{pad}publicKeys: *{anchor}";
            }

            foreach (var line in tail)
            {
                yield return line;
            }
        }
    }

    /// <summary>The PEM texts of the keys the policy's first attestor accepts (aliases resolved), for comparing with keys.yaml.</summary>
    public static IReadOnlyList<string> PublicKeys(string policy)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(policy));
        return stream.Documents.SelectMany(document => document.AllNodes.OfType<YamlMappingNode>())
            .Where(mapping => mapping.Children.ContainsKey(new YamlScalarNode("publicKeys")))
            .Select(mapping => ((YamlScalarNode)mapping.Children[new YamlScalarNode("publicKeys")]).Value ?? string.Empty)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static int NextNonBlank(List<string> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith('#'))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    [GeneratedRegex(@"^\s*entries:\s*$")]
    private static partial Regex EntriesLine();

    [GeneratedRegex(@"^\s*- keys:\s*$")]
    private static partial Regex KeysItemLine();
}
