namespace Build.Preflight;

/// <summary>
/// What a task needs before it runs, declared by the task itself (<see cref="IDeclaresNeeds"/>): the preflight collects
/// it over the planned tasks, by type, and the resume step asks which planned tasks read the pushed image.
/// </summary>
public sealed record TaskNeeds
{
    public static readonly TaskNeeds None = new();

    /// <summary>The commands it runs.</summary>
    public IReadOnlyList<ToolRequirement> Tools { get; init; } = [];

    /// <summary>It talks to the image's registry (started or checked before the first task).</summary>
    public bool Registry { get; init; }

    /// <summary>It signs or attests (the key material is made ready before the first task).</summary>
    public bool SigningKeys { get; init; }

    /// <summary>It reads the pushed image (an earlier run's, resumed, when this run does not push).</summary>
    public bool PushedImage { get; init; }

    /// <summary>The secrets it cannot do without in this run (environment variables, see <see cref="Configuration.BuildSecrets"/>).</summary>
    public IReadOnlyList<SecretNeed> Secrets { get; init; } = [];

    /// <summary>What <paramref name="task"/> declares for this run (nothing when it declares nothing).</summary>
    public static TaskNeeds Of(Type task, BuildContext context) =>
        typeof(IDeclaresNeeds).IsAssignableFrom(task) && Activator.CreateInstance(task) is IDeclaresNeeds declares ? declares.Needs(context) : None;

    /// <summary>Everything the planned tasks need, in plan order.</summary>
    public static IReadOnlyList<TaskNeeds> Of(BuildPlan plan, BuildContext context) => plan.Tasks.Select(task => Of(task, context)).ToList();
}

/// <summary>A secret a task needs: its environment variable, whether it is set, and what to do when it is not.</summary>
public sealed record SecretNeed(string Variable, bool IsSet, string Problem)
{
    /// <summary>GITHUB_TOKEN, needed in publish mode only, for what <paramref name="publishing"/> says the task does with it.</summary>
    public static IReadOnlyList<SecretNeed> GitHubTokenWhenPublishing(BuildContext context, string publishing) =>
        context.Options.IsPublishing
            ? [new SecretNeed(Configuration.BuildSecrets.GitHubTokenVariable, !string.IsNullOrEmpty(context.Options.Secrets.GitHubToken), $"GITHUB_TOKEN is not set: publish mode {publishing}.")]
            : [];
}

/// <summary>A task that says what it needs (NUKE's <c>.Requires(() => ...)</c>): tools, the registry, signing keys, the pushed image.</summary>
public interface IDeclaresNeeds
{
    TaskNeeds Needs(BuildContext context);
}
