using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tests.Support;

/// <summary>
/// A real Cake context (real file system, processes and tools) for tests, with arguments, settings and environment
/// variables given by the test instead of the command line, cake.config and the process environment.
/// </summary>
public static class CakeContexts
{
    public static ICakeContext Create(
        string workingDirectory,
        IDictionary<string, string>? arguments = null,
        IDictionary<string, string>? settings = null,
        IDictionary<string, string?>? environment = null,
        ICakeLog? log = null)
    {
        var fileSystem = new FileSystem();
        var cakeEnvironment = new OverlayEnvironment(new CakeEnvironment(new CakePlatform(), new CakeRuntime()), environment ?? new Dictionary<string, string?>())
        {
            WorkingDirectory = new DirectoryPath(workingDirectory),
        };
        var configuration = new CakeConfiguration(settings ?? new Dictionary<string, string>());
        log ??= new RecordingLog();
        var globber = new Globber(fileSystem, cakeEnvironment);
        var toolRepository = new ToolRepository(cakeEnvironment);
        var toolLocator = new ToolLocator(cakeEnvironment, toolRepository, new ToolResolutionStrategy(fileSystem, cakeEnvironment, globber, configuration, log));
        var processRunner = new ProcessRunner(fileSystem, cakeEnvironment, log, toolLocator, configuration);
        var cakeArguments = new CakeArguments((arguments ?? new Dictionary<string, string>()).ToLookup(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase));
        return new CakeContext(fileSystem, cakeEnvironment, globber, log, cakeArguments, processRunner, new WindowsRegistry(), toolLocator, new CakeDataService(), configuration, new NoToolInstaller(), new EmptyServiceProvider());
    }

    private sealed class NoToolInstaller : IToolInstaller
    {
        public IEnumerable<FilePath> Install(Cake.Core.Packaging.PackageReference tool) =>
            throw new NotSupportedException("Tests do not install tools.");
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>The real environment, except for the variables a test sets (a null value unsets one).</summary>
public sealed class OverlayEnvironment(ICakeEnvironment inner, IDictionary<string, string?> overrides) : ICakeEnvironment
{
    public DirectoryPath WorkingDirectory { get; set; } = inner.WorkingDirectory;

    public DirectoryPath ApplicationRoot => inner.ApplicationRoot;

    public ICakePlatform Platform => inner.Platform;

    public ICakeRuntime Runtime => inner.Runtime;

    public DirectoryPath GetSpecialPath(SpecialPath path) => inner.GetSpecialPath(path);

    public string? GetEnvironmentVariable(string variable) =>
        overrides.TryGetValue(variable, out var value) ? value : inner.GetEnvironmentVariable(variable);

    public IDictionary<string, string> GetEnvironmentVariables()
    {
        var all = new Dictionary<string, string>(inner.GetEnvironmentVariables());
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                all.Remove(key);
            }
            else
            {
                all[key] = value;
            }
        }

        return all;
    }
}

/// <summary>A log that keeps every line, for assertions on what a task said.</summary>
public sealed class RecordingLog : ICakeLog
{
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => _lines;

    public string Text => string.Join('\n', _lines.Select(line => line.Message));

    /// <summary>Formats as Cake's log does: a format is a format even without arguments ({{ is a brace).</summary>
    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        string text;
        try
        {
            text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            text = format;
        }

        _lines.Add((level, text));
    }
}
