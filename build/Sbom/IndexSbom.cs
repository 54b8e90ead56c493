using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Configuration;
using Build.Images;

namespace Build.Sbom;

/// <summary>
/// The SBOM of the multi-arch index, the digest that the chart, the manifests and Kyverno's mutateDigest deploy, so that
/// <c>cosign verify-attestation --type spdxjson IMAGE@INDEX</c>, Kyverno's <c>https://spdx.dev/Document</c> attestation
/// check and an SBOM-fed scanner all find one SPDX 2.3 document there. It describes the index as a CONTAINER package
/// that CONTAINS one package per platform image (each with its digest as SHA256 checksum and its
/// <c>pkg:oci/...?arch=</c> purl), lists every platform's software packages under that platform (their relationships
/// kept, their SPDXIDs prefixed with the platform), and points at each platform's full SBOM (files and hashes) through
/// <c>externalDocumentRefs</c> (namespace and SHA1 of the document, the release asset) with a DESCRIBED_BY relationship.
/// One document, rather than each platform's SBOM attested again to the index: a verifier that takes "the" SPDX
/// attestation of an image (Kyverno's conditions, <c>jq .predicate</c>) sees every platform, never an arbitrary one.
/// </summary>
public static class IndexSbom
{
    public const string FileName = "index.spdx.json";

    private const string IndexId = "SPDXRef-Image-index";

    /// <param name="platformSboms">Each platform's SBOM file, as the Sbom task attests it to the platform digest.</param>
    public static JsonObject Create(PushedImage pushed, IReadOnlyDictionary<Platform, string> platformSboms, string version, DateTimeOffset created, string supplier, string namespaceBase)
    {
        var packages = new JsonArray { ImagePackage(IndexId, pushed.Repository.FullName, version, pushed.IndexDigest, IndexPurl(pushed), supplier) };
        var relationships = new JsonArray { Relationship("SPDXRef-DOCUMENT", "DESCRIBES", IndexId) };
        var references = new JsonArray();
        foreach (var (platform, digest) in pushed.PlatformDigests.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
        {
            var prefix = "SPDXRef-" + platform.FileName;
            var imageId = prefix + "-image";
            packages.Add(ImagePackage(imageId, $"{pushed.Repository.FullName} ({platform})", version, digest, SpdxSubject.Purl(pushed.Repository, digest, platform), supplier));
            relationships.Add(Relationship(IndexId, "CONTAINS", imageId));
            if (!platformSboms.TryGetValue(platform, out var file))
            {
                throw new InvalidOperationException($"There is no SBOM of {platform} ({pushed.Repository.WithDigest(digest)}) to cover in the index's SBOM.");
            }

            var document = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidDataException($"{file} is not an SPDX JSON document.");
            var documentRef = "DocumentRef-" + platform.FileName;
            references.Add(new JsonObject
            {
                ["externalDocumentId"] = documentRef,
                ["spdxDocument"] = document["documentNamespace"]?.GetValue<string>() ?? throw new InvalidDataException($"{file} has no documentNamespace."),
                ["checksum"] = new JsonObject { ["algorithm"] = "SHA1", ["checksumValue"] = Convert.ToHexStringLower(SHA1.HashData(File.ReadAllBytes(file))) },
            });
            relationships.Add(Relationship(imageId, "DESCRIBED_BY", documentRef + ":SPDXRef-DOCUMENT"));
            CopyPackages(document, prefix, imageId, packages, relationships);
        }

        return new JsonObject
        {
            ["spdxVersion"] = "SPDX-2.3",
            ["dataLicense"] = "CC0-1.0",
            ["SPDXID"] = "SPDXRef-DOCUMENT",
            ["name"] = pushed.Reference,
            ["documentNamespace"] = $"{namespaceBase.TrimEnd('/')}/{Uri.EscapeDataString(pushed.Repository.FullName)}/{pushed.IndexDigest[Registry.OciDigest.Sha256Prefix.Length..]}",
            ["creationInfo"] = new JsonObject
            {
                ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["creators"] = new JsonArray("Organization: " + supplier, "Tool: rds-csi-build"),
            },
            ["externalDocumentRefs"] = references,
            ["documentDescribes"] = new JsonArray(IndexId),
            ["packages"] = packages,
            ["relationships"] = relationships,
        };
    }

    /// <summary>Writes the index's SBOM next to the platforms' (artifacts/sbom/index.spdx.json), repaired and validated like theirs.</summary>
    public static string Write(JsonObject document, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        SpdxRepairs.RepairAndValidate(file);
        return file;
    }

    /// <summary>The platform document's software packages (not its root package, which the image package stands for), under the platform's prefix.</summary>
    private static void CopyPackages(JsonObject document, string prefix, string imageId, JsonArray packages, JsonArray relationships)
    {
        var root = document["documentDescribes"]?.AsArray().Select(node => node?.GetValue<string>()).FirstOrDefault();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root is not null)
        {
            ids[root] = imageId;
        }

        foreach (var package in (document["packages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = package["SPDXID"]?.GetValue<string>();
            if (id is null || id == root)
            {
                continue;
            }

            var copy = package.DeepClone().AsObject();
            var renamed = prefix + "-" + id["SPDXRef-".Length..];
            copy["SPDXID"] = renamed;
            copy.Remove("hasFiles");
            copy.Remove("packageVerificationCode");
            copy["filesAnalyzed"] = false;
            ids[id] = renamed;
            packages.Add(copy);
        }

        var copied = 0;
        foreach (var relationship in (document["relationships"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var from = relationship["spdxElementId"]?.GetValue<string>();
            var to = relationship["relatedSpdxElement"]?.GetValue<string>();
            if (from is not null && to is not null && ids.TryGetValue(from, out var mappedFrom) && ids.TryGetValue(to, out var mappedTo))
            {
                relationships.Add(Relationship(mappedFrom, relationship["relationshipType"]!.GetValue<string>(), mappedTo));
                copied++;
            }
        }

        // A generator that relates its packages to files only (syft) leaves them unattached: the image contains them.
        if (copied == 0)
        {
            foreach (var renamed in ids.Values.Where(id => id != imageId))
            {
                relationships.Add(Relationship(imageId, "CONTAINS", renamed));
            }
        }
    }

    private static JsonObject ImagePackage(string id, string name, string version, string digest, string purl, string supplier) => new()
    {
        ["SPDXID"] = id,
        ["name"] = name,
        ["versionInfo"] = version,
        ["supplier"] = "Organization: " + supplier,
        ["downloadLocation"] = "NOASSERTION",
        ["filesAnalyzed"] = false,
        ["primaryPackagePurpose"] = "CONTAINER",
        ["checksums"] = new JsonArray(new JsonObject { ["algorithm"] = "SHA256", ["checksumValue"] = digest[Registry.OciDigest.Sha256Prefix.Length..] }),
        ["licenseConcluded"] = "NOASSERTION",
        ["licenseDeclared"] = "NOASSERTION",
        ["copyrightText"] = "NOASSERTION",
        ["externalRefs"] = new JsonArray(new JsonObject { ["referenceCategory"] = "PACKAGE-MANAGER", ["referenceType"] = "purl", ["referenceLocator"] = purl }),
    };

    private static JsonObject Relationship(string from, string type, string to) => new()
    {
        ["spdxElementId"] = from,
        ["relationshipType"] = type,
        ["relatedSpdxElement"] = to,
    };

    /// <summary>The index's purl: pkg:oci/NAME@sha256%3AHEX?repository_url=REPOSITORY (no arch: it holds them all).</summary>
    private static string IndexPurl(PushedImage pushed) =>
        $"pkg:oci/{pushed.Repository.Repository.Split('/')[^1]}@{Uri.EscapeDataString(pushed.IndexDigest)}?repository_url={Uri.EscapeDataString(pushed.Repository.FullName)}";
}
