namespace Build.Configuration;

/// <summary>Bad input: each problem names the setting or argument and what would fix it.</summary>
public sealed class BuildConfigurationException(IReadOnlyList<string> problems)
    : Exception(problems.Count == 1 ? problems[0] : "The build settings have problems:" + string.Concat(problems.Select(problem => Environment.NewLine + "  - " + problem)))
{
    public BuildConfigurationException(string problem)
        : this([problem])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;
}
