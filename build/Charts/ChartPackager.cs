using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Build.Registry;
using Build.Yaml;

namespace Build.Charts;

/// <summary>A chart archive that <see cref="ChartPackager"/> wrote.</summary>
/// <param name="Path">The NAME-VERSION.tgz file.</param>
/// <param name="Digest">The sha256 of the archive, the digest of the layer <c>helm push</c> would push.</param>
/// <param name="Entries">The archive's entries in order, e.g. rds-csi-driver/Chart.yaml first.</param>
public sealed record ChartPackage(string Path, string Name, string Version, ChartMetadata Metadata, string Digest, IReadOnlyList<string> Entries);

/// <summary>What <c>helm package --version --app-version</c> and a values edit change in the packaged copy (the chart directory is left alone).</summary>
public sealed record ChartPackageOptions
{
    /// <summary>Written into the packaged Chart.yaml's version (helm package --version).</summary>
    public string? Version { get; init; }

    /// <summary>Written into the packaged Chart.yaml's appVersion, added when missing (helm package --app-version).</summary>
    public string? AppVersion { get; init; }

    /// <summary>Values set in the packaged values.yaml, in place (comments kept), e.g. (["image", "digest"], "sha256:...").</summary>
    public IReadOnlyList<(IReadOnlyList<string> Path, string Value)> Values { get; init; } = [];
}

/// <summary>
/// <c>helm package</c> without helm, byte-for-byte reproducible: the same chart and modification time give the same
/// archive. As helm writes it: a gzip'd tar of regular-file entries NAME/..., mode 0644, in the order Chart.yaml,
/// Chart.lock, values.yaml, values.schema.json, the templates, then the other files (each group in directory-walk
/// order), honouring .helmignore (see <see cref="HelmIgnore"/>) and dropping a UTF-8 byte order mark. Unlike helm, every
/// entry has the given modification time, uid/gid 0 and empty owner names; the gzip header has no time, name or OS;
/// and Chart.yaml is packaged as written (helm re-serializes it, dropping comments). Charts with subcharts (charts/,
/// dependencies) are refused: helm re-packs those inside the archive.
/// </summary>
public static class ChartPackager
{
    private const string TemplatesDirectory = "templates/";
    private const string ChartsDirectory = "charts";
    private const string ValuesFileName = "values.yaml";
    private const string SchemaFileName = "values.schema.json";
    private const string LockFileName = "Chart.lock";
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>Packages <paramref name="chartDirectory"/> into <paramref name="outputDirectory"/>/NAME-VERSION.tgz, whose last-write time becomes <paramref name="modificationTime"/> too.</summary>
    /// <param name="modificationTime">Every entry's time, e.g. the release commit's time; whole seconds count.</param>
    /// <exception cref="ChartException">the chart is missing a Chart.yaml, has subcharts, an invalid values.schema.json or .helmignore, or an edit does not apply.</exception>
    public static ChartPackage Package(string chartDirectory, string outputDirectory, DateTimeOffset modificationTime, ChartPackageOptions? options = null)
    {
        options ??= new ChartPackageOptions();
        chartDirectory = System.IO.Path.GetFullPath(chartDirectory);
        if (modificationTime < DateTimeOffset.UnixEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(modificationTime), modificationTime, "A tar entry's time cannot be before 1970-01-01.");
        }

        var files = ReadFiles(chartDirectory);
        RequireTemplates(chartDirectory, files);
        var chartYaml = files.FirstOrDefault(file => file.Name == ChartMetadata.FileName)
            ?? throw new ChartException($"{System.IO.Path.Combine(chartDirectory, ChartMetadata.FileName)} does not exist (or .helmignore excludes it): a chart needs its Chart.yaml.");
        files = files.Select(file => file.Name switch
        {
            ChartMetadata.FileName => file with { Content = EditChartYaml(file, options) },
            ValuesFileName when options.Values.Count > 0 => file with { Content = Utf8(YamlScalarEditor.SetMany(Text(file), options.Values, file.Source)) },
            _ => file,
        }).ToList();
        if (options.Values.Count > 0 && files.All(file => file.Name != ValuesFileName))
        {
            throw new ChartException($"{chartDirectory} has no values.yaml to set {YamlPath.Format(options.Values[0].Path)} in.");
        }

        var metadata = ChartMetadata.Parse(Text(files.First(file => file.Name == ChartMetadata.FileName)), chartYaml.Source);
        CheckPackable(chartDirectory, metadata.Dependencies, files);

        var entries = Ordered(files).Select(file => (Name: $"{metadata.Name}/{file.Name}", file.Content)).ToList();
        var archive = Gzip(Tar(entries, modificationTime));

        Directory.CreateDirectory(outputDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(outputDirectory, metadata.ArchiveFileName));
        var partial = path + ".partial";
        File.WriteAllBytes(partial, archive);
        File.Move(partial, path, overwrite: true);
        // helm push reads the chart's creation time from the file's modification time.
        File.SetLastWriteTimeUtc(path, modificationTime.UtcDateTime);
        return new ChartPackage(path, metadata.Name, metadata.Version, metadata, OciDigest.Sha256(archive), entries.Select(entry => entry.Name).ToList());
    }

    /// <summary>
    /// Everything <see cref="Package"/> would refuse about the chart's files, checked without writing anything: a link out
    /// of the chart, a .helmignore that drops Chart.yaml or every template, a subchart, an invalid values.schema.json.
    /// CheckDeploy and the release's preflight call it, so a chart HelmPackage would refuse stops a release before its image is pushed.
    /// </summary>
    /// <exception cref="ChartException">what <see cref="Package"/> would throw for these files.</exception>
    public static void Check(string chartDirectory)
    {
        chartDirectory = System.IO.Path.GetFullPath(chartDirectory);
        var files = ReadFiles(chartDirectory);
        RequireTemplates(chartDirectory, files);
        var chartYaml = files.FirstOrDefault(file => file.Name == ChartMetadata.FileName)
            ?? throw new ChartException($"{System.IO.Path.Combine(chartDirectory, ChartMetadata.FileName)} does not exist (or .helmignore excludes it): a chart needs its Chart.yaml.");
        ChartMetadata? metadata = null;
        try
        {
            metadata = ChartMetadata.Parse(Text(chartYaml), chartYaml.Source);
        }
        catch (ChartException)
        {
            // Chart.yaml's own errors are ChartMetadata.Load's and ChartCheck's to report, with their lines.
        }

        CheckPackable(chartDirectory, metadata?.Dependencies ?? [], files);
    }

    /// <summary>The files helm would load from the directory: walked in sorted order, .helmignore applied, byte order marks dropped.</summary>
    private static List<ChartFile> ReadFiles(string chartDirectory)
    {
        if (!Directory.Exists(chartDirectory))
        {
            throw new ChartException($"The chart directory {chartDirectory} does not exist; check the chart path setting.");
        }

        // A link out of the chart would publish what it points at (/proc/self/environ: the build's secrets).
        Releasing.SourceFiles.RequireSafe(chartDirectory);
        var rules = HelmIgnore.Load(chartDirectory);
        var files = new List<ChartFile>();
        Walk(chartDirectory, "", rules, files);
        return files;
    }

    private static void Walk(string directory, string relative, HelmIgnore rules, List<ChartFile> files)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(System.IO.Path.GetFileName).OfType<string>().Order(Utf8Order.Instance);
        foreach (var name in names)
        {
            var path = relative.Length == 0 ? name : $"{relative}/{name}";
            var full = System.IO.Path.Combine(directory, name);
            var isDirectory = Directory.Exists(full);
            if (rules.Ignores(path, isDirectory))
            {
                continue;
            }

            if (isDirectory)
            {
                Walk(full, path, rules, files);
                continue;
            }

            var content = File.ReadAllBytes(full);
            files.Add(new ChartFile(path, full, content.AsSpan().StartsWith(ByteOrderMark) ? content[ByteOrderMark.Length..] : content));
        }
    }

    /// <summary>A chart that has templates must package at least one: a .helmignore that drops them all would release a chart that installs nothing.</summary>
    private static void RequireTemplates(string chartDirectory, List<ChartFile> files)
    {
        var templates = System.IO.Path.Combine(chartDirectory, TemplatesDirectory.TrimEnd('/'));
        if (Directory.Exists(templates) && Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories).Any()
            && !files.Any(file => file.Name.StartsWith(TemplatesDirectory, StringComparison.Ordinal)))
        {
            throw new ChartException($"{System.IO.Path.Combine(chartDirectory, HelmIgnore.FileName)} excludes every file in {templates}: the packaged chart would install nothing. Narrow the rule that matches templates/.");
        }
    }

    private static byte[] EditChartYaml(ChartFile chartYaml, ChartPackageOptions options)
    {
        var text = Text(chartYaml);
        if (options.Version is { } version)
        {
            text = YamlScalarEditor.Set(text, ["version"], version, chartYaml.Source);
        }

        if (options.AppVersion is { } appVersion)
        {
            text = HasKey(text, "appVersion", chartYaml.Source)
                ? YamlScalarEditor.Set(text, ["appVersion"], appVersion, chartYaml.Source)
                : text + (text.EndsWith('\n') || text.Length == 0 ? "" : "\n") + $"appVersion: {YamlScalarText.DoubleQuoted(appVersion)}\n";
        }

        return Utf8(text);
    }

    private static bool HasKey(string yaml, string key, string source) =>
        YamlScalarEditor.Documents(yaml, source) is [var document, ..] && YamlScalarEditor.Locate(document.Root, [key], source).Target is not null;

    private static void CheckPackable(string chartDirectory, IReadOnlyList<string> dependencies, List<ChartFile> files)
    {
        var subchart = files.FirstOrDefault(file => file.Name.StartsWith(ChartsDirectory + "/", StringComparison.Ordinal));
        if (subchart is not null || dependencies.Count > 0)
        {
            var what = subchart is not null ? $"{subchart.Source} is a subchart" : $"Chart.yaml lists dependencies ({string.Join(", ", dependencies)})";
            throw new ChartException($"Cannot package {chartDirectory}: {what}, and the native packager does not bundle subcharts (helm re-packs each inside the archive). Package it with `helm package`, or vendor the subchart's templates.");
        }

        if (files.FirstOrDefault(file => file.Name == SchemaFileName) is { } schema)
        {
            try
            {
                using var _ = JsonDocument.Parse(schema.Content);
            }
            catch (JsonException exception)
            {
                throw new ChartException($"{schema.Source} is not valid JSON ({exception.Message}); helm refuses to package a chart with an invalid values schema.", exception);
            }
        }
    }

    /// <summary>helm's order: Chart.yaml, Chart.lock, values.yaml, values.schema.json, templates, then every other file.</summary>
    private static IEnumerable<ChartFile> Ordered(List<ChartFile> files)
    {
        string[] first = [ChartMetadata.FileName, LockFileName, ValuesFileName, SchemaFileName];
        return first.SelectMany(name => files.Where(file => file.Name == name))
            .Concat(files.Where(file => file.Name.StartsWith(TemplatesDirectory, StringComparison.Ordinal)))
            .Concat(files.Where(file => !first.Contains(file.Name) && !file.Name.StartsWith(TemplatesDirectory, StringComparison.Ordinal)));
    }

    private static byte[] Tar(IReadOnlyList<(string Name, byte[] Content)> entries, DateTimeOffset modificationTime)
    {
        var seconds = DateTimeOffset.FromUnixTimeSeconds(modificationTime.ToUnixTimeSeconds());
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                CheckFitsUstar(name);
                using var data = new MemoryStream(content, writable: false);
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = FileMode,
                    ModificationTime = seconds,
                    Uid = 0,
                    Gid = 0,
                    UserName = "",
                    GroupName = "",
                    DataStream = data,
                });
            }
        }

        return tar.ToArray();
    }

    /// <summary>A ustar name is at most 100 bytes, or a prefix of at most 155 and a name of at most 100 split at a '/'.</summary>
    private static void CheckFitsUstar(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        var fits = length <= 100 || Enumerable.Range(0, name.Length)
            .Where(i => name[i] == '/')
            .Any(i => Encoding.UTF8.GetByteCount(name[..i]) <= 155 && Encoding.UTF8.GetByteCount(name[(i + 1)..]) is > 0 and <= 100);
        if (!fits)
        {
            throw new ChartException($"The chart file {name} has too long a path for a reproducible (ustar) archive; shorten its folder or file name.");
        }
    }

    /// <summary>Gzip with a fixed header: no time, no file name, OS "unknown" (255), as Go writes it, so the bytes do not depend on the machine.</summary>
    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        var bytes = output.ToArray();
        if (bytes.Length < 10 || bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[2] != 8 || bytes[3] != 0 || bytes.AsSpan(4, 4).ContainsAnyExcept((byte)0))
        {
            throw new InvalidOperationException("GZipStream wrote a header with flags or a time; the archive would not be reproducible.");
        }

        bytes[9] = 0xff;
        return bytes;
    }

    private static string Text(ChartFile file)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(file.Content);
        }
        catch (DecoderFallbackException exception)
        {
            throw new ChartException($"{file.Source} is not UTF-8 text; save it as UTF-8.", exception);
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <param name="Name">The path inside the chart, '/'-separated.</param>
    /// <param name="Source">The file it was read from, for messages.</param>
    private sealed record ChartFile(string Name, string Source, byte[] Content);

    /// <summary>Go sorts directory entries by their UTF-8 bytes.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
    }
}
