namespace Build.Reporting;

/// <summary>
/// GitHub Actions workflow commands (<c>::name key=value::message</c>), escaped as the runner unescapes them (the
/// escaping of actions/toolkit's core command): in the message % CR LF, in a property value also : and ,.
/// </summary>
public static class WorkflowCommands
{
    public const string EndGroup = "::endgroup::";

    public static string Group(string name) => "::group::" + EscapeData(name);

    /// <summary>An error annotation; <paramref name="title"/> heads it in the run's list of annotations.</summary>
    public static string Error(string message, string? title = null) => Annotation("error", message, title);

    public static string Warning(string message, string? title = null) => Annotation("warning", message, title);

    /// <summary>
    /// <c>::add-mask::</c> for one secret value, escaped so that the runner registers exactly it (% and line breaks
    /// included). The runner masks line by line: register each line of a multi-line secret as well (<see cref="Diagnostics.SecretMasker.Values"/> lists them).
    /// </summary>
    public static string AddMask(string secret) => "::add-mask::" + EscapeData(secret);

    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string Annotation(string command, string message, string? title) =>
        title is null
            ? $"::{command}::{EscapeData(message)}"
            : $"::{command} title={EscapeProperty(title)}::{EscapeData(message)}";
}
