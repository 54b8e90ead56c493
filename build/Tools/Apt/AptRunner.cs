using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Apt;

/// <summary>Installs Debian packages with apt-get (only ever called as root on a machine that has apt).</summary>
public sealed class AptRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : CapturingTool<AptInstallSettings>(fileSystem, environment, processRunner, tools)
{
    public void Install(AptInstallSettings settings)
    {
        settings.EnvironmentVariables["DEBIAN_FRONTEND"] = "noninteractive";
        Execute(settings, new ProcessArgumentBuilder().Append("update").Append("-qq"), what: "apt-get update");
        Execute(settings, InstallArguments(settings), what: "apt-get install " + string.Join(' ', settings.Packages));
    }

    public bool IsAvailable() => Locate(new AptInstallSettings()) is not null;

    public static ProcessArgumentBuilder InstallArguments(AptInstallSettings settings)
    {
        var args = new ProcessArgumentBuilder().Append("install").Append("-y").Append("-qq").Append("--no-install-recommends");
        foreach (var package in settings.Packages)
        {
            args.AppendQuoted(package);
        }

        return args;
    }

    protected override string GetToolName() => "apt-get";

    protected override IEnumerable<string> GetToolExecutableNames() => ["apt-get"];
}
