using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Shellcheck;

public sealed class ShellcheckSettings : ToolSettings
{
    public IList<FilePath> Scripts { get; } = [];
}
