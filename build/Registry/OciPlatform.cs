using Build.Configuration;

namespace Build.Registry;

/// <summary>The platform of an index entry: <c>{"os":"linux","architecture":"arm","variant":"v7"}</c>.</summary>
public sealed record OciPlatform(string Os, string Architecture, string? Variant = null)
{
    public static OciPlatform From(Platform platform) => new(platform.Os, platform.Architecture, platform.Variant);

    /// <summary>The os/architecture[/variant] form, as <see cref="Platform.ToString"/> writes it.</summary>
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
