using System.Net;
using System.Text.RegularExpressions;

namespace Build.Configuration;

/// <summary>An image repository with an explicit registry, e.g. ghcr.io/3whiskeywhiskey/rds-csi or 127.0.0.1:5959/acme/rds-csi.</summary>
public sealed partial record ImageName(string Registry, string Repository)
{
    /// <summary>The longest image name (registry and path) that the distribution reference grammar accepts.</summary>
    public const int MaxNameLength = 255;

    public string FullName => $"{Registry}/{Repository}";

    /// <summary>The registry host without the port (IPv6 literals without brackets).</summary>
    public string Host => HostAndPort().Host;

    public int? Port => HostAndPort().Port;

    /// <summary>Loopback registries may be plain HTTP and may be started by the build; nothing else may.</summary>
    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    public override string ToString() => FullName;

    public string WithTag(string tag) => $"{FullName}:{tag}";

    public string WithDigest(string digest) => $"{FullName}@{digest}";

    /// <summary>Parses <paramref name="value"/>, naming <paramref name="source"/> (the setting or argument it came from) on error.</summary>
    public static ImageName Parse(string value, string source)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["https://".Length..];
        }
        else if (trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var plain = Parse(trimmed["http://".Length..], source);
            return plain.IsLoopback
                ? plain
                : throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} asks for plain HTTP to {plain.Registry}, which is not a loopback address: images are pushed over TLS everywhere but to loopback registries. Drop http:// (TLS is used), or use a registry on 127.0.0.1.");
        }

        var slash = trimmed.IndexOf('/');
        if (slash <= 0 || slash == trimmed.Length - 1)
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} is not an image repository: write it as REGISTRY/PATH, e.g. ghcr.io/3whiskeywhiskey/rds-csi or 127.0.0.1:5959/acme/rds-csi.");
        }

        var registry = trimmed[..slash];
        var repository = trimmed[(slash + 1)..];
        if (!RegistryPattern().IsMatch(registry) || !(registry.Contains('.') || registry.Contains(':') || registry.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} does not start with a registry host: write REGISTRY[:PORT]/PATH, e.g. ghcr.io/owner/name.");
        }

        if (registry.StartsWith('['))
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} names the registry by an IPv6 address ({registry}): buildah and skopeo cannot parse such an image reference. Use 127.0.0.1 or localhost for a local registry, or a host name.");
        }

        var colon = registry.LastIndexOf(':');
        if (colon >= 0 && !(int.TryParse(registry[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                && (port is >= 1 and <= 65535 || (port == 0 && new ImageName(registry, "x").IsLoopback))))
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)}: the port '{registry[(colon + 1)..]}' of {registry} is not a port number (1-65535; 0, a free port, only for a loopback rehearsal registry).");
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw new BuildConfigurationException($"{source}: the image name is {trimmed.Length} characters long; registries accept at most {MaxNameLength} (registry and path together). Shorten the path.");
        }

        if (repository.Contains(':') || repository.Contains('@'))
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)} carries a tag or digest; give only the repository (tags come from the version).");
        }

        if (!RepositoryPattern().IsMatch(repository))
        {
            throw new BuildConfigurationException($"{source} {Diagnostics.InputText.Quote(value)}: the path '{repository}' must be lowercase letters, digits and single '.', '_' or '-' separators between '/'-separated parts.");
        }

        return new ImageName(registry.ToLowerInvariant(), repository);
    }

    private (string Host, int? Port) HostAndPort()
    {
        if (Registry.StartsWith('['))
        {
            var close = Registry.IndexOf(']');
            var host = Registry[1..close];
            return (host, close + 2 <= Registry.Length - 1 ? int.Parse(Registry[(close + 2)..], System.Globalization.CultureInfo.InvariantCulture) : null);
        }

        var colon = Registry.LastIndexOf(':');
        return colon < 0 ? (Registry, null) : (Registry[..colon], int.Parse(Registry[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
