namespace Build.Configuration;

/// <summary>An OCI platform such as linux/amd64 or linux/arm/v7.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    private static readonly string[] KnownOs = ["linux", "windows"];
    private static readonly string[] KnownArchitectures = ["amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64"];

    /// <summary>A name usable as a file name: linux-amd64, linux-arm-v7.</summary>
    public string FileName => ToString().Replace('/', '-');

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    public static Platform Parse(string value, string source)
    {
        var parts = value.Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new BuildConfigurationException($"{source}: '{value}' is not a platform; write OS/ARCH[/VARIANT], e.g. linux/amd64.");
        }

        if (!KnownOs.Contains(parts[0]))
        {
            throw new BuildConfigurationException($"{source}: unknown OS '{parts[0]}' in '{value}'; use one of {string.Join(", ", KnownOs)}.");
        }

        if (!KnownArchitectures.Contains(parts[1]))
        {
            throw new BuildConfigurationException($"{source}: unknown architecture '{parts[1]}' in '{value}'; use one of {string.Join(", ", KnownArchitectures)}.");
        }

        return new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    public static IReadOnlyList<Platform> ParseList(string value, string source)
    {
        var platforms = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => Parse(item, source)).ToList();
        if (platforms.Count == 0)
        {
            throw new BuildConfigurationException($"{source} is empty; list at least one platform, e.g. linux/amd64,linux/arm64.");
        }

        var duplicate = platforms.GroupBy(platform => platform).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new BuildConfigurationException($"{source} lists {duplicate.Key} twice; list each platform once.");
        }

        return platforms;
    }
}
