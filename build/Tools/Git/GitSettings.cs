using Cake.Core.Tooling;

namespace Build.Tools.Git;

/// <summary>git takes its arguments per call (<see cref="GitRunner.Run"/>): the settings carry only the working directory and tool path.</summary>
public sealed class GitSettings : ToolSettings;
