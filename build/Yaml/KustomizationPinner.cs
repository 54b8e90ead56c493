namespace Build.Yaml;

/// <summary>
/// Pins an image in a kustomization.yaml's <c>images:</c> list to a digest: the entry's <c>newTag: X</c> becomes
/// <c>digest: sha256:...</c> (or an existing <c>digest</c> is set), leaving every other byte as it was. When the image
/// was pushed elsewhere (a rehearsal's loopback registry) the entry also gets <c>newName</c>.
/// </summary>
public static class KustomizationPinner
{
    public static string Pin(string yaml, string imageName, string digest, string source = "kustomization.yaml", string? newName = null)
    {
        var root = YamlTree.Parse(yaml, source).FirstOrDefault() as MappingNode
            ?? throw new YamlEditException($"{source} is not a kustomization (its document is not a mapping).");
        var images = Value(root, "images") as SequenceNode
            ?? throw new YamlEditException($"{source} has no images: list; add an entry for {imageName} (name, newTag) so a release can pin it.");
        var entry = images.Items.OfType<MappingNode>().FirstOrDefault(item => (Value(item, "name") as ScalarNode)?.Event.Value == imageName)
            ?? throw new YamlEditException($"{source} lists no image named {imageName} under images:; add one (name: {imageName}, newTag: ...).");

        var (key, value) = entry.Entries.FirstOrDefault(pair => (pair.Key as ScalarNode)?.Event.Value is "digest" or "newTag");
        if (key is not ScalarNode keyScalar || value is not ScalarNode valueScalar || valueScalar.IsImplicitEmpty)
        {
            throw new YamlEditException($"{source}: the images: entry for {imageName} has neither newTag nor digest to replace; add newTag: \"0.0.0\".");
        }

        if (!valueScalar.Event.Anchor.IsEmpty || !valueScalar.Event.Tag.IsEmpty)
        {
            // The scalar's span would then include the anchor or tag (and, for an empty value, the line break after it).
            throw new YamlEditException($"{source}: the {keyScalar.Event.Value} of the images: entry for {imageName} carries an anchor (&) or tag (!), which is not replaced in place; write it as newTag: \"0.0.0\".");
        }

        var indent = new string(' ', (int)keyScalar.Start.Column - 1);
        var renamed = newName is null || newName == imageName || entry.Entries.Any(pair => (pair.Key as ScalarNode)?.Event.Value == "newName")
            ? string.Empty
            : $"newName: {newName}\n{indent}";
        return yaml[..(int)keyScalar.Start.Index] + renamed + "digest: " + digest + yaml[(int)valueScalar.End.Index..];
    }

    private static YamlTreeNode? Value(MappingNode mapping, string key) =>
        mapping.Entries.FirstOrDefault(pair => (pair.Key as ScalarNode)?.Event.Value == key).Value;
}
