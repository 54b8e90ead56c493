using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Build.Sbom;

/// <summary>
/// Repairs what SBOM generators get wrong, so that the document the release attests is valid SPDX of the version it
/// declares (see SECURITY.md, "SBOMs"). Each repair is the spec's own rule, applied to the generator's own data:
/// <list type="bullet">
/// <item>sbom-tool 4.1.13 declares <c>SPDX-2.2</c> but spells the external reference category the SPDX 2.3 way,
/// <c>PACKAGE-MANAGER</c>; SPDX 2.2 spells it <c>PACKAGE_MANAGER</c> (2.3 renamed it), and the official 2.2.2 schema
/// rejects the other spelling. The category is written in the spelling of the declared version.</item>
/// <item>sbom-tool computes <c>packageVerificationCode</c> over upper-case SHA1s. SPDX (2.2 and 2.3, clause 7.9) sorts the
/// lower-case hex SHA1 of every file of the package (less excluded files), concatenates them and takes the lower-case
/// hex SHA1 of that. The code is recomputed from the SHA1s the document itself lists for the package's files.</item>
/// </list>
/// </summary>
public static class SpdxRepairs
{
    /// <summary>
    /// Repairs the SPDX JSON file in place and checks it against the official schema of its declared version; throws,
    /// naming the file, when it still does not validate. Returns the repairs made.
    /// </summary>
    public static IReadOnlyList<string> RepairAndValidate(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(file)) as JsonObject
            ?? throw new InvalidDataException($"{file} is not an SPDX JSON document.");
        var repairs = Apply(document);
        SpdxSchemas.Require(document, file);
        if (repairs.Count > 0)
        {
            File.WriteAllText(file, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        return repairs;
    }

    /// <summary>Repairs <paramref name="document"/> in place and says what was changed (nothing when it was right).</summary>
    public static IReadOnlyList<string> Apply(JsonObject document)
    {
        var repairs = new List<string>();
        var version = document["spdxVersion"]?.GetValue<string>();
        var (wrong, right) = version == "SPDX-2.2" ? ("PACKAGE-MANAGER", "PACKAGE_MANAGER") : ("PACKAGE_MANAGER", "PACKAGE-MANAGER");
        var renamed = 0;
        foreach (var reference in Packages(document).SelectMany(package => (package["externalRefs"] as JsonArray ?? []).OfType<JsonObject>()))
        {
            if (reference["referenceCategory"]?.GetValue<string>() == wrong)
            {
                reference["referenceCategory"] = right;
                renamed++;
            }
        }

        if (renamed > 0)
        {
            repairs.Add($"{renamed} external reference(s) categorised {wrong}, which {version} spells {right}");
        }

        var files = (document["files"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(file => file["SPDXID"] is not null)
            .ToDictionary(file => file["SPDXID"]!.GetValue<string>(), file => (Name: file["fileName"]?.GetValue<string>(), Sha1: Sha1Of(file)), StringComparer.Ordinal);
        foreach (var package in Packages(document))
        {
            if (package["packageVerificationCode"] is not JsonObject code)
            {
                continue;
            }

            var excluded = (code["packageVerificationCodeExcludedFiles"] as JsonArray ?? []).Select(node => node?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var ids = (package["hasFiles"] as JsonArray ?? []).Select(node => node!.GetValue<string>()).ToList();
            var missing = ids.Where(id => !files.TryGetValue(id, out var file) || file.Sha1 is null).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"Package {package["SPDXID"]} has a verification code, but the document gives no SHA1 for {string.Join(", ", missing.Take(3))}: the code cannot be checked.");
            }

            var value = VerificationCode(ids.Select(id => files[id]).Where(file => !excluded.Contains(file.Name)).Select(file => file.Sha1!));
            if (code["packageVerificationCodeValue"]?.GetValue<string>() != value)
            {
                repairs.Add($"the verification code of {package["SPDXID"]} is {value} by the SPDX algorithm (the generator wrote {code["packageVerificationCodeValue"]})");
                code["packageVerificationCodeValue"] = value;
            }
        }

        return repairs;
    }

    /// <summary>SPDX's package verification code: SHA1 of the sorted, concatenated lower-case hex SHA1s of the files.</summary>
    public static string VerificationCode(IEnumerable<string> fileSha1s)
    {
        var joined = string.Concat(fileSha1s.Select(sha1 => sha1.ToLowerInvariant()).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(joined)));
    }

    private static IEnumerable<JsonObject> Packages(JsonObject document) => (document["packages"] as JsonArray ?? []).OfType<JsonObject>();

    private static string? Sha1Of(JsonObject file) =>
        (file["checksums"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(checksum => checksum["algorithm"]?.GetValue<string>() == "SHA1")?["checksumValue"]?.GetValue<string>()?.ToLowerInvariant();
}
