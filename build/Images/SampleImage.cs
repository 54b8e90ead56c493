using Build.Configuration;

namespace Build.Images;

/// <summary>Recognises the sample image context, which a rehearsal may build but publish mode must never publish.</summary>
public static class SampleImage
{
    public const string Label = "io.github.3whiskeywhiskey.rds-csi.sample";
    public const string FixturePath = "tests/fixtures/sample-driver";

    public static bool IsSample(ReleaseSettings settings) =>
        settings.ImageContext.FullPath.TrimEnd('/').EndsWith(FixturePath, StringComparison.Ordinal)
        || (File.Exists(settings.Dockerfile.FullPath) && File.ReadAllText(settings.Dockerfile.FullPath).Contains(Label, StringComparison.Ordinal));
}
