namespace Build.Tasks;

/// <summary>A task of the graph whose capability has not been built yet: it says so instead of pretending.</summary>
public sealed class NotYetBuiltException(string task, string capability, string issue)
    : Exception($"{task} is not built yet: {capability} arrives with {issue}. Until then run --target=Version or --target=Verify, or use --dryrun to see the whole graph.");
