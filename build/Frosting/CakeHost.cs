using System.Reflection;
using Cake.Cli;
using Cake.Common.Modules;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Modules;
using Cake.DotNetTool.Module;
using Cake.Frosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Cake.Frosting;

/// <summary>The Cake host: finds the tasks, reads the command line and runs the graph.</summary>
public sealed class CakeHost
{
    private readonly IServiceCollection _services = CreateServiceCollection();
    private readonly List<Assembly> _assemblies = [];

    public CakeHost()
    {
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            _assemblies.Add(entry);
        }
    }

    public static CakeHost Create() => new();

    /// <summary>Adds an assembly to look for tasks in (the entry assembly is always searched).</summary>
    public CakeHost AddAssembly(Assembly assembly)
    {
        if (!_assemblies.Contains(assembly))
        {
            _assemblies.Add(assembly);
        }

        return this;
    }

    public CakeHost ConfigureServices(Action<IServiceCollection> services)
    {
        services(_services);
        return this;
    }

    /// <summary>Runs the build and returns the process exit code.</summary>
    public int Run(IEnumerable<string> args)
    {
        foreach (var task in FindTasks(_assemblies))
        {
            _services.AddSingleton(typeof(IFrostingTask), task);
        }

        // Spectre's output goes where Console.Out points now (NO_COLOR and redirection honoured); made only when used.
        var output = Console.Out;
        _services.AddSingleton<IAnsiConsole>(_ => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }));

        var arguments = args.ToList();
        if (CommandLine.TryParse(arguments, out var settings, out var cakeArguments))
        {
            return new DefaultCommand(_services).Run(settings, cakeArguments);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IServiceCollection), _services);

        var app = new CommandApp<DefaultCommand>(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName(Path.GetFileNameWithoutExtension(Environment.ProcessPath) ?? "build");
            config.ConfigureConsole(console);
            config.Settings.ConvertFlagsToRemainingArguments = true;
            config.Settings.StrictParsing = false;
            config.CaseSensitivity(CaseSensitivity.None);
            config.AddExample("--target=Release");
            config.AddExample("--tree");
        });

        return app.Run(arguments);
    }

    private static ServiceCollection CreateServiceCollection()
    {
        var services = new ServiceCollection();
        services.AddCakeDiagnostics();
        services.UseModule<CoreModule>();
        services.UseModule<CommonModule>();
        services.UseModule<DotNetToolModule>();

        services.AddSingleton<ICakeConfiguration, FrostingConfiguration>();
        services.AddSingleton<Cake.Core.Tooling.IToolInstaller, ToolInstaller>();
        services.AddSingleton<IVersionResolver, EntryAssemblyVersion>();
        services.AddSingleton<VersionFeature>();
        services.AddSingleton<InfoFeature>();

        services.AddSingleton<FrostingContext>();
        services.AddSingleton<IFrostingContext>(provider => provider.GetRequiredService<FrostingContext>());
        return services;
    }

    private static IEnumerable<Type> FindTasks(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => typeof(IFrostingTask).IsAssignableFrom(type) && type is { IsClass: true, IsAbstract: false })
            .Distinct();
}
