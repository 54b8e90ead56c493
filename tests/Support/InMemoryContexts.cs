using Build.Configuration;
using Build.Images;
using Build.Versioning;
using Semver;

namespace Build.Tests.Support;

/// <summary>
/// A <see cref="BuildContext"/> over a plain folder (no git repository, no registry, nothing started): options read as
/// a run reads them, a plan and results given by the test. What task unit tests run on.
/// </summary>
public static class InMemoryContexts
{
    public static readonly ReleaseVersion Version = new(SemVersion.Parse("1.2.3"), new string('a', 40), DateTimeOffset.UnixEpoch, "v1.2.3", true);

    public static readonly PushedImage Pushed = new(
        ImageName.Parse("127.0.0.1:5000/acme/rds-csi", "test"),
        "sha256:" + new string('1', 64),
        ["1.2.3", "1.2", "latest", "sha-aaaaaaa"],
        new Dictionary<Platform, string>
        {
            [new Platform("linux", "amd64")] = "sha256:" + new string('2', 64),
            [new Platform("linux", "arm64")] = "sha256:" + new string('3', 64),
        });

    /// <summary>A context of the options that <paramref name="arguments"/> give in <paramref name="directory"/>, planning <paramref name="plan"/>.</summary>
    public static BuildContext Create(string directory, Dictionary<string, string>? arguments = null, params Type[] plan) =>
        Create(directory, options => options, arguments, plan);

    /// <summary>As above, with the options changed by <paramref name="change"/> (options are a record: <c>options with { Force = true }</c>).</summary>
    public static BuildContext Create(string directory, Func<BuildOptions, BuildOptions> change, Dictionary<string, string>? arguments = null, params Type[] plan) =>
        Create(directory, change, arguments, null, plan);

    /// <summary>As <see cref="Create(string, Dictionary{string, string}?, Type[])"/>, writing the log to <paramref name="log"/>.</summary>
    public static BuildContext CreateLogged(string directory, RecordingLog log, Dictionary<string, string>? arguments = null, params Type[] plan) =>
        Create(directory, options => options, arguments, log, plan);

    /// <summary>As <see cref="CreateLogged"/>, with <paramref name="path"/> as PATH (the tools the task may find) and the options changed by <paramref name="change"/>.</summary>
    public static BuildContext CreateWithPath(string directory, string path, RecordingLog log, Func<BuildOptions, BuildOptions>? change = null, params Type[] plan) =>
        Create(directory, change ?? (options => options), null, log, plan, path);

    /// <summary>As <see cref="Create(string, Func{BuildOptions, BuildOptions}, Dictionary{string, string}?, Type[])"/>, writing the log to <paramref name="log"/>.</summary>
    public static BuildContext CreateLoggedWith(string directory, RecordingLog log, Func<BuildOptions, BuildOptions> change, Dictionary<string, string>? arguments = null, params Type[] plan) =>
        Create(directory, change, arguments, log, plan);

    /// <summary>As <see cref="CreateWithPath"/>, with command-line <paramref name="arguments"/>.</summary>
    public static BuildContext CreateWithPathAndArguments(string directory, string path, RecordingLog log, Func<BuildOptions, BuildOptions> change, Dictionary<string, string> arguments, params Type[] plan) =>
        Create(directory, change, arguments, log, plan, path);

    private static BuildContext Create(string directory, Func<BuildOptions, BuildOptions> change, Dictionary<string, string>? arguments, RecordingLog? log, Type[] plan, string? path = null)
    {
        var cake = CakeContexts.Create(directory, arguments, environment: new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["GITHUB_REF"] = null, ["GITHUB_TOKEN"] = null, ["PATH"] = path ?? directory }, log: log);
        var context = new BuildContext(cake, change(BuildOptions.Read(cake)));
        context.UsePlan(BuildPlan.Of(plan));
        return context;
    }
}
