using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Build.Registry;
using Build.Signing;

namespace Build.Charts;

/// <summary>Where a chart went: <c>Reference</c> is what <c>helm push</c> prints after "Pushed:", <c>Digest</c> after "Digest:".</summary>
public sealed record ChartPushResult(string Reference, string Repository, string Tag, string Digest, string ConfigDigest, string LayerDigest);

/// <summary>
/// <c>helm push CHART.tgz oci://REGISTRY/NAMESPACE</c> without helm, producing the manifest helm 3.x/4 produces: a config
/// blob of Chart.yaml's metadata as helm's JSON, the archive as the one layer, the OCI annotations helm derives from the
/// chart (title, version, description, url, source, authors, created, then the chart's own annotations), tagged with the
/// chart version ('+' written '_') in NAMESPACE/NAME. The same archive and creation time give the same manifest digest.
/// </summary>
public sealed partial class OciChartPusher(OciRegistryClient registry)
{
    public const string ConfigMediaType = "application/vnd.cncf.helm.config.v1+json";
    public const string ChartLayerMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private const string TitleAnnotation = "org.opencontainers.image.title";
    private const string VersionAnnotation = "org.opencontainers.image.version";

    /// <summary>Pushes a packaged chart.</summary>
    /// <param name="namespace">The path under the registry, e.g. 3whiskeywhiskey/charts (empty for the registry root).</param>
    /// <param name="created">The org.opencontainers.image.created annotation; helm takes the archive file's modification time, and so does this when none is given.</param>
    /// <exception cref="ChartException">the file is not a chart archive, or its name cannot be a repository.</exception>
    /// <exception cref="RegistryException">the registry refused or could not be reached.</exception>
    public async Task<ChartPushResult> PushAsync(string chartArchive, string @namespace, DateTimeOffset? created = null, CancellationToken cancellationToken = default)
    {
        var archive = await File.ReadAllBytesAsync(chartArchive, cancellationToken);
        var metadata = ReadMetadata(archive, chartArchive);
        var repository = RepositoryFor(@namespace, metadata.Name);
        var config = ConfigJson(metadata);
        var configDescriptor = OciDescriptor.Of(ConfigMediaType, config);
        var layerDescriptor = OciDescriptor.Of(ChartLayerMediaType, archive);
        await registry.UploadBlobAsync(repository, config, cancellationToken: cancellationToken);
        await registry.UploadBlobAsync(repository, archive, cancellationToken: cancellationToken);
        var manifest = ManifestJson(configDescriptor, layerDescriptor, Annotations(metadata, created ?? File.GetLastWriteTimeUtc(chartArchive)));
        var digest = await registry.PutManifestAsync(repository, metadata.OciTag, manifest, OciMediaTypes.ImageManifest, cancellationToken);
        return new ChartPushResult($"{registry.Registry}/{repository}:{metadata.OciTag}", repository, metadata.OciTag, digest, configDescriptor.Digest, layerDescriptor.Digest);
    }

    public Task<ChartPushResult> PushAsync(ChartPackage package, string @namespace, DateTimeOffset? created = null, CancellationToken cancellationToken = default) =>
        PushAsync(package.Path, @namespace, created, cancellationToken);

    /// <summary>Where the release pushes its chart: the image repository's parent (ghcr.io/acme/rds-csi's chart goes to acme/NAME).</summary>
    public static string NamespaceOf(string imageRepository) =>
        imageRepository.Contains('/') ? imageRepository[..imageRepository.LastIndexOf('/')] : imageRepository;

    /// <summary>The OCI repository (NAMESPACE/NAME) and tag (the version, '+' written '_') a chart is pushed to.</summary>
    public static (string Repository, string Tag) Location(string @namespace, string chartName, string version) =>
        (RepositoryFor(@namespace, chartName), version.Replace('+', '_'));

    /// <summary>The text of the archive's top-level NAME/<paramref name="fileName"/> entry, or null when it has none.</summary>
    public static string? ReadFile(byte[] archive, string fileName)
    {
        using var gzip = new GZipStream(new MemoryStream(archive, writable: false), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.Name.Split('/') is [_, var name] && name == fileName && entry.DataStream is { } data)
            {
                return new StreamReader(data, Encoding.UTF8).ReadToEnd();
            }
        }

        return null;
    }

    /// <summary>The Chart.yaml inside a chart archive (the NAME/Chart.yaml entry), as helm push reads it.</summary>
    public static ChartMetadata ReadMetadata(byte[] archive, string source)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(archive, writable: false), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                    && entry.Name.Split('/') is [_, ChartMetadata.FileName]
                    && entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data, Encoding.UTF8);
                    return ChartMetadata.Parse(reader.ReadToEnd(), $"{source} ({entry.Name})");
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ChartException($"{source} is not a chart archive (a gzip'd tar as helm package writes): {exception.Message}", exception);
        }

        throw new ChartException($"{source} has no NAME/Chart.yaml entry, so it is not a chart archive; make it with helm package or ChartPackager.");
    }

    /// <summary>The config blob: helm's chart.Metadata as Go's encoding/json writes it (fields in struct order, empty ones left out).</summary>
    internal static byte[] ConfigJson(ChartMetadata metadata)
    {
        var members = new List<(string Name, string Json)>();
        void Text(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                members.Add((name, GoJson.Quote(value)));
            }
        }

        void List(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                members.Add((name, GoJson.Array(values.Select(value => GoJson.Quote(Sanitized(value))))));
            }
        }

        Text("name", Sanitized(metadata.Name));
        Text("home", Sanitized(metadata.Home));
        List("sources", metadata.Sources);
        Text("version", metadata.Version);
        Text("description", Sanitized(metadata.Description));
        List("keywords", metadata.Keywords);
        if (metadata.Maintainers.Count > 0)
        {
            members.Add(("maintainers", GoJson.Array(metadata.Maintainers.Select(Maintainer))));
        }

        Text("icon", Sanitized(metadata.Icon));
        Text("apiVersion", metadata.ApiVersion);
        Text("condition", Sanitized(metadata.Condition));
        Text("tags", Sanitized(metadata.Tags));
        Text("appVersion", Sanitized(metadata.AppVersion));
        if (metadata.Deprecated)
        {
            members.Add(("deprecated", "true"));
        }

        if (metadata.Annotations.Count > 0)
        {
            members.Add(("annotations", GoJson.Map(metadata.Annotations)));
        }

        Text("kubeVersion", Sanitized(metadata.KubeVersion));
        Text("type", metadata.Type);
        return Encoding.UTF8.GetBytes(GoJson.Struct([.. members]));
    }

    /// <summary>The manifest as helm's registry client marshals an ocispec.Manifest: no mediaType member, descriptors as mediaType, digest, size.</summary>
    internal static byte[] ManifestJson(OciDescriptor config, OciDescriptor layer, IReadOnlyDictionary<string, string> annotations) =>
        Encoding.UTF8.GetBytes(GoJson.Struct(
            ("schemaVersion", "2"),
            ("config", Descriptor(config)),
            ("layers", GoJson.Array([Descriptor(layer)])),
            ("annotations", GoJson.Map(annotations))));

    /// <summary>The manifest annotations helm derives from a chart; the chart's own annotations may add to them but not change title or version.</summary>
    internal static IReadOnlyDictionary<string, string> Annotations(ChartMetadata metadata, DateTimeOffset created)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                annotations[key] = EscapeNonAscii(value);
            }
        }

        Add("org.opencontainers.image.description", Sanitized(metadata.Description));
        Add(TitleAnnotation, Sanitized(metadata.Name));
        Add(VersionAnnotation, metadata.Version);
        Add("org.opencontainers.image.url", Sanitized(metadata.Home));
        Add("org.opencontainers.image.created", created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (metadata.Sources.Count > 0)
        {
            Add("org.opencontainers.image.source", Sanitized(metadata.Sources[0]));
        }

        if (metadata.Maintainers.Count > 0)
        {
            Add("org.opencontainers.image.authors", string.Join(", ", metadata.Maintainers.Select(maintainer =>
                Sanitized(maintainer.Name) + (string.IsNullOrEmpty(maintainer.Email) ? "" : $" ({Sanitized(maintainer.Email)})"))));
        }

        foreach (var (key, value) in metadata.Annotations.Where(pair => pair.Key is not TitleAnnotation and not VersionAnnotation))
        {
            annotations[key] = EscapeNonAscii(value);
        }

        return annotations;
    }

    private static string RepositoryFor(string @namespace, string chartName)
    {
        var repository = string.Join('/', new[] { @namespace.Trim('/'), chartName }.Where(part => part.Length > 0));
        return RepositoryPattern().IsMatch(repository)
            ? repository
            : throw new ChartException($"'{repository}' cannot be an OCI repository: the namespace and the chart name must be lowercase letters, digits and . _ - separators (e.g. 3whiskeywhiskey/charts/rds-csi-driver).");
    }

    private static string Descriptor(OciDescriptor descriptor) => GoJson.Struct(
        ("mediaType", GoJson.Quote(descriptor.MediaType)),
        ("digest", GoJson.Quote(descriptor.Digest)),
        ("size", descriptor.Size.ToString(CultureInfo.InvariantCulture)));

    private static string Maintainer(ChartMaintainer maintainer)
    {
        var members = new List<(string, string)>();
        foreach (var (name, value) in new[] { ("name", maintainer.Name), ("email", maintainer.Email), ("url", maintainer.Url) })
        {
            if (Sanitized(value) is { Length: > 0 } text)
            {
                members.Add((name, GoJson.Quote(text)));
            }
        }

        return GoJson.Struct([.. members]);
    }

    /// <summary>What helm's metadata validation does to text: white space becomes a space, characters that do not print are dropped.</summary>
    private static string Sanitized(string? text)
    {
        var builder = new StringBuilder(text?.Length ?? 0);
        foreach (var rune in (text ?? "").EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                builder.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned))
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>helm writes characters beyond ASCII in annotation values as \uXXXX text (UTF-16 units), for registries that accept ASCII only.</summary>
    private static string EscapeNonAscii(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c < 0x80 ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
