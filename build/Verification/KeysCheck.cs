using Build.Configuration;
using Build.Keys;

namespace Build.Verification;

/// <summary>
/// deploy/keys/keys.yaml, deploy/cosign.pub and the key-based Kyverno policy agree: the policy accepts exactly the keys
/// not revoked, and cosign.pub is the active key. <see cref="ExpiryWarnings"/> names an active key that expires within
/// <see cref="WarningDays"/> days (the yearly rotation is due).
/// </summary>
public sealed class KeysCheck(string repositoryRoot) : IVerificationCheck
{
    public const int WarningDays = 30;

    public string Name => "Signing keys";

    public CheckResult Run()
    {
        IReadOnlyList<ProjectKey> keys;
        try
        {
            keys = KeysFile.Read(repositoryRoot);
        }
        catch (BuildConfigurationException exception)
        {
            return new CheckResult(Name, $"{KeysFile.RelativePath} has problems", exception.Problems.Select(problem => new Finding(KeysFile.RelativePath, null, problem.StartsWith(KeysFile.RelativePath + ": ", StringComparison.Ordinal) ? problem[(KeysFile.RelativePath.Length + 2)..] : problem)).ToList());
        }

        var findings = new List<Finding>();
        var policyFile = Path.Combine(repositoryRoot, KeyPolicy.RelativePath);
        if (File.Exists(policyFile))
        {
            var trusted = keys.Where(key => key.Status != KeyStatus.Revoked).Select(key => key.Id).ToHashSet(StringComparer.Ordinal);
            var accepted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pem in KeyPolicy.PublicKeys(File.ReadAllText(policyFile)).Where(pem => !pem.Contains(KeyPolicy.Placeholder, StringComparison.Ordinal)))
            {
                try
                {
                    accepted.Add(KeyFingerprint.OfPem(pem, KeyPolicy.RelativePath));
                }
                catch (Signing.SigningKeyException exception)
                {
                    findings.Add(new Finding(KeyPolicy.RelativePath, null, exception.Message));
                }
            }

            var describe = keys.ToDictionary(key => key.Id, key => key.Describe());
            var missing = trusted.Except(accepted).Select(id => describe[id]).ToList();
            var extra = accepted.Except(trusted).Select(id => describe.GetValueOrDefault(id, id[..12] + " (not in keys.yaml)")).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                findings.Add(new Finding(KeyPolicy.RelativePath, null,
                    $"disagrees with {KeysFile.RelativePath}: it must accept exactly the keys not revoked" +
                    (missing.Count == 0 ? string.Empty : $"; missing {string.Join(", ", missing)}") +
                    (extra.Count == 0 ? string.Empty : $"; accepts {string.Join(", ", extra)}") +
                    ". RotateKeys and RevokeKey write it; restore it from git or redo the last of them."));
            }
        }

        var deployed = Path.Combine(repositoryRoot, KeyRotation.DeployedPublicKey);
        if (keys.FirstOrDefault(key => key.Status == KeyStatus.Active) is { } active)
        {
            var id = File.Exists(deployed) ? Fingerprint(deployed) : null;
            if (id != active.Id)
            {
                findings.Add(new Finding(KeyRotation.DeployedPublicKey, null, $"must be the active key {active.ShortId} ({active.File}), found {(id is null ? "no usable key" : id[..12])}; copy {active.File} to it."));
            }
        }

        return new CheckResult(Name, keys.Count == 0 ? $"no {KeysFile.RelativePath}: key-based signing has no keys yet" : $"{keys.Count} key(s) in {KeysFile.RelativePath}, the policy and {KeyRotation.DeployedPublicKey} checked", findings);
    }

    /// <summary>One warning per active key that expires within <see cref="WarningDays"/> days of <paramref name="today"/> (or has expired); none when keys.yaml is unreadable (<see cref="Run"/> reports that).</summary>
    public static IReadOnlyList<string> ExpiryWarnings(string repositoryRoot, DateOnly today)
    {
        IReadOnlyList<ProjectKey> keys;
        try
        {
            keys = KeysFile.Read(repositoryRoot);
        }
        catch (BuildConfigurationException)
        {
            return [];
        }

        return keys.Where(key => key.Status == KeyStatus.Active && key.Expires.DayNumber - today.DayNumber <= WarningDays)
            .Select(key => key.Expires.DayNumber - today.DayNumber is var days && days < 0
                ? $"Signing key {key.ShortId} expired on {key.Expires:yyyy-MM-dd}: rotate it now with ./build.sh --target=RotateKeys (SECURITY.md, 'Key rotation')"
                : $"Signing key {key.ShortId} expires on {key.Expires:yyyy-MM-dd}, in {days} day(s): rotate it with ./build.sh --target=RotateKeys (SECURITY.md, 'Key rotation')")
            .ToList();
    }

    private static string? Fingerprint(string file)
    {
        try
        {
            return KeyFingerprint.OfPem(File.ReadAllText(file), file);
        }
        catch (Signing.SigningKeyException)
        {
            return null;
        }
    }
}
