using System.Text.Json.Serialization;

namespace Build.Scanning;

/// <summary>A package of an SPDX document, with its package URL when the document gives one.</summary>
public sealed record SpdxPackage(string SpdxId, string Name, string? VersionInfo, string? Purl, string? Supplier);

/// <summary>The parts of an SPDX 2.x JSON document the release checks (syft and sbom-tool both write these).</summary>
public sealed record SpdxDocument(
    string SpdxVersion,
    string Name,
    string DocumentNamespace,
    IReadOnlyList<string> Creators,
    string? Created,
    IReadOnlyList<SpdxPackage> Packages,
    IReadOnlyList<string> DocumentDescribes)
{
    /// <summary>The creator lines naming a tool ("Tool: syft-v1.2.0" gives "syft-v1.2.0").</summary>
    public IEnumerable<string> Tools => Creators.Where(creator => creator.StartsWith("Tool:", StringComparison.Ordinal)).Select(creator => creator["Tool:".Length..].Trim());

    public static SpdxDocument Load(string path) => Parse(ReportJson.ReadFile(path, "SPDX document"), path);

    public static SpdxDocument Parse(string json, string source = "the SPDX document")
    {
        var document = ReportJson.Deserialize<Document>(json, source, "an SPDX 2.x JSON document");
        if (document.SpdxVersion is null || !document.SpdxVersion.StartsWith("SPDX-2.", StringComparison.Ordinal))
        {
            throw new ReportFormatException($"{source} has spdxVersion '{document.SpdxVersion ?? "(none)"}'; expected SPDX-2.2 or SPDX-2.3 JSON (SPDX 3 documents are JSON-LD and read differently).");
        }

        var packages = (document.Packages ?? []).Select((package, index) => new SpdxPackage(
            package.SpdxId ?? throw new ReportFormatException($"{source}: packages[{index}] has no SPDXID."),
            package.Name ?? throw new ReportFormatException($"{source}: packages[{index}] has no name."),
            package.VersionInfo,
            package.ExternalRefs?.FirstOrDefault(reference => reference.ReferenceType == "purl")?.ReferenceLocator,
            package.Supplier)).ToList();

        return new SpdxDocument(
            document.SpdxVersion,
            document.Name ?? throw new ReportFormatException($"{source} has no name."),
            document.DocumentNamespace ?? throw new ReportFormatException($"{source} has no documentNamespace."),
            document.CreationInfo?.Creators ?? throw new ReportFormatException($"{source} has no creationInfo.creators."),
            document.CreationInfo.Created,
            packages,
            document.DocumentDescribes ?? []);
    }

    private sealed class Document
    {
        [JsonPropertyName("spdxVersion")]
        public string? SpdxVersion { get; init; }

        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("documentNamespace")]
        public string? DocumentNamespace { get; init; }

        [JsonPropertyName("creationInfo")]
        public CreationInfo? CreationInfo { get; init; }

        [JsonPropertyName("packages")]
        public List<Package>? Packages { get; init; }

        [JsonPropertyName("documentDescribes")]
        public List<string>? DocumentDescribes { get; init; }
    }

    private sealed class CreationInfo
    {
        [JsonPropertyName("creators")]
        public List<string>? Creators { get; init; }

        [JsonPropertyName("created")]
        public string? Created { get; init; }
    }

    private sealed class Package
    {
        [JsonPropertyName("SPDXID")]
        public string? SpdxId { get; init; }

        [JsonPropertyName("name")]
        public string? Name { get; init; }

        [JsonPropertyName("versionInfo")]
        public string? VersionInfo { get; init; }

        [JsonPropertyName("supplier")]
        public string? Supplier { get; init; }

        [JsonPropertyName("externalRefs")]
        public List<ExternalRef>? ExternalRefs { get; init; }
    }

    private sealed class ExternalRef
    {
        [JsonPropertyName("referenceType")]
        public string? ReferenceType { get; init; }

        [JsonPropertyName("referenceLocator")]
        public string? ReferenceLocator { get; init; }
    }
}
