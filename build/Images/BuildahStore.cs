using Build.Configuration;
using Cake.Core.IO;

namespace Build.Images;

/// <summary>Where buildah keeps this build's images ([Release] BuildahStorage, BuildahDriver): Build writes there, Push reads.</summary>
public sealed record BuildahStore(DirectoryPath Root, DirectoryPath RunRoot, string Driver)
{
    public static BuildahStore Of(ReleaseSettings settings) =>
        new(settings.BuildahStorage.Combine("root"), settings.BuildahStorage.Combine("run"), settings.BuildahDriver);
}
