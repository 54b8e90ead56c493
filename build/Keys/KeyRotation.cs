using Build.Configuration;

namespace Build.Keys;

/// <summary>
/// What RotateKeys and RevokeKey change under the repository root: deploy/keys/ (the public keys and keys.yaml),
/// deploy/cosign.pub (the active key) and the key-based admission policy (every key not revoked). Keys are only ever
/// added; a status only moves forward (active, retired, revoked).
/// </summary>
public sealed class KeyRotation(string root)
{
    public const string DeployedPublicKey = "deploy/cosign.pub";

    public IReadOnlyList<ProjectKey> Keys => KeysFile.Read(root);

    /// <summary>Adds <paramref name="publicPem"/> as the active key, retires the active one, and rewrites cosign.pub and the policy.</summary>
    public (ProjectKey Added, ProjectKey? Retired) Rotate(string publicPem, DateOnly today)
    {
        var keys = KeysFile.Read(root).ToList();
        var id = KeyFingerprint.OfPem(publicPem, "the new public key");
        if (keys.FirstOrDefault(key => key.Id == id) is { } known)
        {
            throw new BuildConfigurationException($"{KeysFile.RelativePath} lists key {known.Describe()} already: a rotation needs a new key (a revoked or retired key is never made active again).");
        }

        if (keys.Count == 0 && Adopted(today) is { } earlier && earlier.Id != id)
        {
            keys.Add(earlier);
        }

        var retired = keys.FirstOrDefault(key => key.Status == KeyStatus.Active);
        var added = ProjectKey.New(id, today);
        var updated = keys.Select(key => key == retired ? key with { Status = KeyStatus.Retired } : key).Append(added).ToList();
        var file = Path.Combine(root, added.File);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, publicPem.Trim() + "\n");
        // The policy is rendered before anything else changes, so a policy it cannot edit leaves keys.yaml as it was.
        var policy = RenderPolicy(updated);
        KeysFile.Write(root, updated);
        File.WriteAllText(Path.Combine(root, DeployedPublicKey), publicPem.Trim() + "\n");
        WritePolicy(policy);
        return (added, retired is null ? null : retired with { Status = KeyStatus.Retired });
    }

    /// <summary>
    /// The key GenerateKeys published as deploy/cosign.pub before there was a keys.yaml: kept (as the active key the
    /// rotation then retires), so what it signed still verifies. Its age is unknown; it counts from today.
    /// </summary>
    private ProjectKey? Adopted(DateOnly today)
    {
        var deployed = Path.Combine(root, DeployedPublicKey);
        if (!File.Exists(deployed))
        {
            return null;
        }

        var pem = File.ReadAllText(deployed).Trim() + "\n";
        var key = ProjectKey.New(KeyFingerprint.OfPem(pem, DeployedPublicKey), today);
        Directory.CreateDirectory(Path.Combine(root, KeysFile.Folder));
        File.WriteAllText(Path.Combine(root, key.File), pem);
        return key;
    }

    /// <summary>Marks <paramref name="id"/> (the full id, or its first 12 or more hex digits) revoked and takes it out of the policy.</summary>
    public ProjectKey Revoke(string id, string reason, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Any(char.IsControl))
        {
            throw new BuildConfigurationException("--reason must say why the key is revoked, on one line (e.g. --reason=\"laptop stolen 2026-11-28\").");
        }

        var keys = KeysFile.Read(root).ToList();
        var matches = id.Length >= 12 ? keys.Where(key => key.Id.StartsWith(id, StringComparison.Ordinal)).ToList() : [];
        if (matches.Count != 1)
        {
            throw new BuildConfigurationException(
                $"--key-id={Diagnostics.InputText.Quote(id)} names no key in {KeysFile.RelativePath} (give the id or its first 12 or more hex digits; known: " +
                $"{(keys.Count == 0 ? "none" : string.Join(", ", keys.Select(key => key.Describe())))}).");
        }

        var target = matches[0];
        if (target.Status == KeyStatus.Revoked)
        {
            throw new BuildConfigurationException($"Key {target.Describe()} is revoked already.");
        }

        var revoked = target with { Status = KeyStatus.Revoked, Revoked = today, Reason = reason.Trim() };
        var updated = keys.Select(key => key.Id == target.Id ? revoked : key).ToList();
        var policy = RenderPolicy(updated);
        KeysFile.Write(root, updated);
        WritePolicy(policy);
        return revoked;
    }

    /// <summary>The keys the policy must accept: every key not revoked, by id and PEM.</summary>
    public IReadOnlyList<(string Id, string Pem)> Trusted(IEnumerable<ProjectKey> keys) =>
        keys.Where(key => key.Status != KeyStatus.Revoked).Select(key => (key.Id, File.ReadAllText(Path.Combine(root, key.File)).Trim())).ToList();

    /// <summary>The key policy's new text, or null when the repository has no key policy.</summary>
    private string? RenderPolicy(IReadOnlyList<ProjectKey> keys)
    {
        var path = Path.Combine(root, KeyPolicy.RelativePath);
        return File.Exists(path) ? KeyPolicy.Render(File.ReadAllText(path), Trusted(keys)) : null;
    }

    private void WritePolicy(string? policy)
    {
        if (policy is not null)
        {
            File.WriteAllText(Path.Combine(root, KeyPolicy.RelativePath), policy);
        }
    }
}
