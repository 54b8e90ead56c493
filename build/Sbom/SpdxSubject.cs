using System.Text.Json;
using System.Text.Json.Nodes;
using Build.Configuration;

namespace Build.Sbom;

/// <summary>
/// Names the image an SBOM describes inside the SBOM: the document name becomes REPOSITORY@DIGEST and the package the
/// document describes gets the image's purl (pkg:oci/NAME@DIGEST?arch=..&amp;repository_url=..), as syft writes for images.
/// </summary>
public static partial class SpdxSubject
{
    public static void Stamp(string file, ImageName repository, string digest, Platform platform)
    {
        var document = JsonNode.Parse(File.ReadAllText(file))?.AsObject()
            ?? throw new InvalidDataException($"{file} is not an SPDX JSON document.");
        document["name"] = repository.WithDigest(digest);

        var described = document["documentDescribes"]?.AsArray().Select(node => node?.GetValue<string>()).FirstOrDefault();
        var package = document["packages"]?.AsArray().OfType<JsonObject>().FirstOrDefault(p => p["SPDXID"]?.GetValue<string>() == described);
        if (package is not null)
        {
            package["name"] = repository.FullName;
            var references = package["externalRefs"] as JsonArray ?? [];
            package["externalRefs"] = references;
            foreach (var reference in references.OfType<JsonObject>())
            {
                // sbom-tool invents a random SWID tag id per run; derive it from the digest so the same image gives the same document.
                if (reference["referenceLocator"]?.GetValue<string>() is { } locator && SwidTagId().IsMatch(locator))
                {
                    reference["referenceLocator"] = SwidTagId().Replace(locator, "tag_id=" + StableId(digest));
                }
            }

            var purl = Purl(repository, digest, platform);
            if (!references.OfType<JsonObject>().Any(reference => reference["referenceLocator"]?.GetValue<string>() == purl))
            {
                references.Add(new JsonObject
                {
                    // The SPDX 2.3 spelling; SpdxRepairs writes it the way the document's version spells it.
                    ["referenceCategory"] = "PACKAGE-MANAGER",
                    ["referenceType"] = "purl",
                    ["referenceLocator"] = purl,
                });
            }
        }

        SortUnordered(document);
        File.WriteAllText(file, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>
    /// Lists whose order means nothing in SPDX are sorted, so that the same image gives the same bytes (sbom-tool walks
    /// files in parallel and writes them in whatever order they finish).
    /// </summary>
    private static void SortUnordered(JsonObject document)
    {
        Sort(document, "files", node => node["SPDXID"]?.GetValue<string>() ?? string.Empty);
        Sort(document, "packages", node => node["SPDXID"]?.GetValue<string>() ?? string.Empty);
        Sort(document, "relationships", node =>
            $"{node["spdxElementId"]?.GetValue<string>()}|{node["relationshipType"]?.GetValue<string>()}|{node["relatedSpdxElement"]?.GetValue<string>()}");
        foreach (var package in document["packages"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            SortStrings(package, "hasFiles");
        }

        SortStrings(document, "documentDescribes");
    }

    private static void Sort(JsonObject owner, string property, Func<JsonObject, string> key)
    {
        if (owner[property] is not JsonArray array)
        {
            return;
        }

        var items = array.OfType<JsonObject>().OrderBy(key, StringComparer.Ordinal).ToList();
        array.Clear();
        foreach (var item in items)
        {
            array.Add(item);
        }
    }

    private static void SortStrings(JsonObject owner, string property)
    {
        if (owner[property] is not JsonArray array)
        {
            return;
        }

        var items = array.Select(node => node?.GetValue<string>() ?? string.Empty).Order(StringComparer.Ordinal).ToList();
        array.Clear();
        foreach (var item in items)
        {
            array.Add(item);
        }
    }

    /// <summary>The package URL of an OCI image: pkg:oci/NAME@sha256%3AHEX?arch=ARCH&amp;repository_url=REPOSITORY.</summary>
    public static string Purl(ImageName repository, string digest, Platform platform)
    {
        var name = repository.Repository.Split('/')[^1];
        return $"pkg:oci/{name}@{Uri.EscapeDataString(digest)}?arch={platform.Architecture}&repository_url={Uri.EscapeDataString(repository.FullName)}";
    }

    private static Guid StableId(string digest) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(digest)).AsSpan(0, 16));

    [System.Text.RegularExpressions.GeneratedRegex("tag_id=[0-9a-fA-F-]{36}")]
    private static partial System.Text.RegularExpressions.Regex SwidTagId();
}
