using System.Text.RegularExpressions;
using Build.Configuration;
using Build.Registry;
using Build.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Charts;

/// <summary>A sidecar image as the chart's values.yaml names it: <c>sidecars.NAME.image.{repository,tag,digest}</c>.</summary>
public sealed record SidecarImage(string Name, ImageName Repository, string Tag, string? Digest)
{
    public string Reference => Repository.WithTag(Tag);

    public IReadOnlyList<string> DigestPath => ["sidecars", Name, "image", "digest"];
}

/// <summary>What became of one sidecar: its digest (index digest for a multi-platform image), or why it stays unpinned.</summary>
public sealed record SidecarPin(SidecarImage Image, string? Digest, bool WasCommitted, string? Unpinned)
{
    public bool IsPinned => Digest is not null;
}

/// <summary>
/// Pins the chart's sidecar images by digest: each <c>repository:tag</c> in values.yaml is resolved in its own registry
/// (the manifest or, for a multi-platform image, the index the tag points at, its bytes checked against the digest) and
/// the digest is written next to the tag, so the chart renders <c>repository:tag@digest</c> and deploys exactly what was
/// resolved at release time. A digest already committed in values.yaml is kept.
/// </summary>
/// <param name="clientFor">A client for a registry host (anonymous, or that host's own docker login; never another registry's credentials).</param>
public sealed partial class SidecarDigests(Func<string, OciRegistryClient> clientFor)
{
    /// <summary>Every sidecars.NAME.image of <paramref name="valuesFile"/>, in file order.</summary>
    /// <exception cref="ChartException">an image has no repository or tag, a repository without a registry host, or a malformed tag or digest.</exception>
    public static IReadOnlyList<SidecarImage> Read(string valuesFile) => Parse(File.ReadAllText(valuesFile), valuesFile);

    /// <summary>Every sidecars.NAME.image of the values.yaml text <paramref name="yaml"/>; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ChartException">as <see cref="Read"/>.</exception>
    public static IReadOnlyList<SidecarImage> Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new ChartException($"{source} is not valid YAML (line {exception.Start.Line}): {exception.Message}", exception);
        }

        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("sidecars"), out var node) || node is not YamlMappingNode sidecars)
        {
            return [];
        }

        return sidecars.Children.Select(pair => ReadOne(source, ((YamlScalarNode)pair.Key).Value!, pair.Value)).ToList();
    }

    /// <summary>Resolves every sidecar of <paramref name="valuesFile"/> without a committed digest, writing nothing.</summary>
    public async Task<IReadOnlyList<SidecarPin>> ResolveAsync(string valuesFile, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Read(valuesFile).Select(image => ResolveAsync(image, cancellationToken)));

    /// <summary>Resolves every sidecar of <paramref name="valuesFile"/> without a committed digest and writes the digests found into it.</summary>
    public async Task<IReadOnlyList<SidecarPin>> PinAsync(string valuesFile, CancellationToken cancellationToken = default)
    {
        var pins = await ResolveAsync(valuesFile, cancellationToken);
        var edits = pins.Where(pin => pin is { IsPinned: true, WasCommitted: false })
            .Select(pin => (pin.Image.DigestPath, pin.Digest!))
            .ToList();
        if (edits.Count > 0)
        {
            YamlScalarEditor.SetManyInFile(valuesFile, edits);
        }

        return pins;
    }

    private async Task<SidecarPin> ResolveAsync(SidecarImage image, CancellationToken cancellationToken)
    {
        if (image.Digest is not null)
        {
            return new SidecarPin(image, image.Digest, WasCommitted: true, null);
        }

        try
        {
            var client = clientFor(image.Repository.Registry);
            var manifest = await client.GetManifestAsync(image.Repository.Repository, image.Tag, cancellationToken);
            if (manifest is null)
            {
                return new SidecarPin(image, null, false, $"{image.Repository.Registry} has no {image.Reference}");
            }

            var digest = OciDigest.Sha256(manifest.Content);
            return manifest.Digest == digest
                ? new SidecarPin(image, digest, false, null)
                : new SidecarPin(image, null, false, $"{image.Repository.Registry} answered {image.Reference} with the digest {manifest.Digest}, but the manifest it served has the digest {digest}");
        }
        catch (Exception exception) when (exception is RegistryException or HttpRequestException or TaskCanceledException or ArgumentException)
        {
            return new SidecarPin(image, null, false, $"{image.Repository.Registry} could not be read ({exception.Message})");
        }
    }

    private static SidecarImage ReadOne(string valuesFile, string name, YamlNode sidecar)
    {
        var where = $"{valuesFile}: sidecars.{name}.image";
        if (sidecar is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode("image"), out var node) || node is not YamlMappingNode image)
        {
            throw new ChartException($"{where} is missing: each sidecar names its image as repository, tag and digest.");
        }

        string? Text(string key) => image.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
        var repositoryText = Text("repository") ?? throw new ChartException($"{where}.repository is empty; write the image repository with its registry, e.g. registry.k8s.io/sig-storage/csi-provisioner.");
        ImageName repository;
        try
        {
            repository = ImageName.Parse(repositoryText, $"{where}.repository");
        }
        catch (BuildConfigurationException exception)
        {
            throw new ChartException(exception.Message, exception);
        }

        var tag = Text("tag") ?? throw new ChartException($"{where}.tag is empty; a sidecar names its release by tag (e.g. v6.3.0), and the release pins its digest.");
        if (!TagPattern().IsMatch(tag))
        {
            throw new ChartException($"{where}.tag '{tag}' is not an image tag (letters, digits, '_', '.', '-'; at most 128, not starting with '.' or '-').");
        }

        var digest = Text("digest");
        if (digest is not null && !OciDigest.IsSha256(digest))
        {
            throw new ChartException($"{where}.digest '{digest}' is not sha256:<64 lowercase hex>; correct it or leave it \"\" for the release to pin.");
        }

        return new SidecarImage(name, repository, tag, digest);
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
