using Cake.Core.Tooling;

namespace Build.Tools.Apt;

public sealed class AptInstallSettings : ToolSettings
{
    public IList<string> Packages { get; } = [];
}
