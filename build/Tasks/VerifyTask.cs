using Build.Configuration;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("Verify")]
[IsDependentOn(typeof(VersionTask))]
[TaskDescription("The contributors' check: settings, version and what the release is built from")]
public sealed class VerifyTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var missing = new List<string>();
        if (!context.FileSystem.Exist(settings.ImageContext))
        {
            missing.Add($"{SettingKeys.Context}: the image context '{settings.ImageContext.FullPath}' does not exist");
        }

        if (!context.FileSystem.Exist(settings.Dockerfile))
        {
            missing.Add($"{SettingKeys.Dockerfile}: '{settings.Dockerfile.FullPath}' does not exist");
        }

        if (missing.Count > 0)
        {
            throw new BuildConfigurationException(missing);
        }

        context.Information("Checked settings: mode {0}, image {1}, platforms {2}", context.Mode.ToString().ToLowerInvariant(), settings.Image, string.Join(",", settings.Platforms));
        context.Information("Checked image context {0} and Dockerfile {1}", settings.ImageContext.FullPath, settings.Dockerfile.FullPath);
    }
}
