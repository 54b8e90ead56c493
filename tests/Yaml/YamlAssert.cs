using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Build.Tests.Yaml;

/// <summary>Checks of edited YAML: which lines changed, and what YamlDotNet's own deserializer reads from it.</summary>
public static class YamlAssert
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>The 1-based numbers of the lines that differ (the edit never adds or removes a line).</summary>
    public static IReadOnlyList<int> ChangedLines(string before, string after)
    {
        var old = before.Split('\n');
        var edited = after.Split('\n');
        Assert.That(edited, Has.Length.EqualTo(old.Length), "the edit added or removed lines");
        return Enumerable.Range(0, old.Length).Where(i => old[i] != edited[i]).Select(i => i + 1).ToList();
    }

    public static string Line(string text, int number) => text.Split('\n')[number - 1];

    /// <summary>Every document, as YamlDotNet deserializes it, written as JSON for comparison.</summary>
    public static IReadOnlyList<string> Documents(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<string>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(JsonSerializer.Serialize(Deserializer.Deserialize<object>(parser)));
        }

        return documents;
    }

    /// <summary>The value YamlDotNet reads at a path of the first document.</summary>
    public static object? Read(string yaml, params string[] path)
    {
        object? node = Deserializer.Deserialize<object>(yaml);
        foreach (var segment in path)
        {
            node = node switch
            {
                IDictionary<object, object> mapping => mapping[segment],
                IList<object> sequence => sequence[int.Parse(segment)],
                _ => throw new AssertionException($"{segment} is below a value"),
            };
        }

        return node;
    }
}
