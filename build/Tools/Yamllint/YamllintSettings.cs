using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Yamllint;

public sealed class YamllintSettings : ToolSettings
{
    public FilePath? Config { get; set; }

    /// <summary>Files or folders (yamllint walks folders for *.yaml/*.yml).</summary>
    public IList<string> Paths { get; } = [];

    /// <summary>Warnings (e.g. long lines) are reported but fail only with --strict.</summary>
    public bool Strict { get; set; }
}
